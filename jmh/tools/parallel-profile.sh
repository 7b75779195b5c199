#!/usr/bin/env bash
# Where an analysis spends its time on each thread count: per parallel call site, and outside all calls (the serial
# remainder that caps the 1 -> 2 thread ratio). Builds the committed HEAD in a temporary clone with
# parallel-profile.patch applied (Parallel times each call on the calling thread; the library itself is unchanged),
# then runs ParallelProfile for every config and thread count:
#   jmh/tools/parallel-profile.sh CONFIG[=CALLS] ...      e.g. jmh/tools/parallel-profile.sh enff-f2p:500x10000=2 bpf:2000x1000=5
# CONFIG as for AnalysisBench / ThreadScalingCheck (FILTER:NxD); CALLS (default 10) warm-up analyses, then CALLS
# measured ones. THREADS="1 2" (the default) sets the thread counts. REV=<commit> profiles that commit instead of HEAD
# (the patch and ParallelProfile.java are taken from this checkout; the patch applies to any commit since Parallel.java
# last changed).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 CONFIG[=CALLS] ..." >&2; exit 2; }
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/repo"
cd "$work/repo"
[ -n "${REV:-}" ] && git checkout -q "$REV"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) commit $(git rev-parse --short HEAD), $(java -version 2>&1 | head -n 1)"
git apply "$root/jmh/tools/parallel-profile.patch"
mvn -q -B -ntp -P jmh -DskipTests package
javac -nowarn -cp target/benchmarks.jar -d "$work/classes" "$root/jmh/tools/ParallelProfile.java"
for arg in "$@"; do
  config=${arg%%=*}; calls=10
  [ "$arg" != "$config" ] && calls=${arg#*=}
  for t in ${THREADS:-1 2}; do
    java --add-modules=jdk.incubator.vector -Xmx14g -XX:ObjectAlignmentInBytes=64 -cp "target/benchmarks.jar:$work/classes" \
      org.enflow.bench.ParallelProfile "$config" "$t" "$calls" 2>/dev/null
  done
done
