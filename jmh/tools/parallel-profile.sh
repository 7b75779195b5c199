#!/usr/bin/env bash
# Where an analysis spends its time on each thread count: per parallel call site, and outside all calls (the serial
# remainder that caps the 1 -> 2 thread ratio). Builds the committed HEAD in a temporary clone with
# parallel-profile.patch applied (Parallel times each call on the calling thread; the library itself is unchanged),
# then runs ParallelProfile for every thread count given:
#   jmh/tools/parallel-profile.sh CONFIG CALLS [THREADS...]     e.g. jmh/tools/parallel-profile.sh enff-f2p:500x10000 2 1 2
# CONFIG as for AnalysisBench / ThreadScalingCheck (FILTER:NxD); CALLS warm-up analyses, then CALLS measured ones.
set -euo pipefail
config=$1; calls=$2; shift 2
threads=${*:-1 2}
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/repo"
cd "$work/repo"
git apply jmh/tools/parallel-profile.patch
mvn -q -B -ntp -P jmh -DskipTests package
javac -nowarn -cp target/benchmarks.jar -d "$work/classes" jmh/tools/ParallelProfile.java
for t in $threads; do
  java --add-modules=jdk.incubator.vector -Xmx14g -XX:ObjectAlignmentInBytes=64 -cp "target/benchmarks.jar:$work/classes" \
    org.enflow.bench.ParallelProfile "$config" "$t" "$calls" 2>/dev/null
done
