#!/usr/bin/env bash
# Session 13: the per-cycle scores of a twin experiment at the l96-1m shape (20 members x 10^6), MetricsBench, on
# 1 and 2 threads, vector kernels and (CRPS only) the scalar twins, with the machine probe of the same window. Run
# from the repository root of a clean clone after `mvn -q -B -ntp -P jmh -DskipTests package`, machine otherwise
# idle. BASE=path/to/benchmarks.jar of the commit before the CRPS kernel and the parallel rank histogram (89cb01e,
# built with this MetricsBench.java copied into jmh/src, its rankHistogram calling the sequential add, the only one
# that commit has) also runs crps and rankHistogram on it, alternating with
# the new jar, into bracket/ (not in the report command). Running it again overwrites the committed files.
set -euo pipefail
. jmh/session.sh jmh/results/metrics-s13
mb="-p threads=1,2 -f 1 -wi 3 -w 1 -i 5 -r 1"
probes
run metrics "java -jar target/benchmarks.jar MetricsBench $mb"
run metrics-scalar "java -jar target/benchmarks.jar 'MetricsBench.crps' $mb -jvmArgsAppend -Denflow.vector=false"
if [ -n "${BASE:-}" ]; then
  mkdir -p $out/bracket
  for k in 1; do
    run bracket/base-$k "java -jar $BASE 'MetricsBench.(crps|rankHistogram)' $mb"
    run bracket/new-$k "java -jar target/benchmarks.jar 'MetricsBench.(crps|rankHistogram)' $mb"
  done
fi
python3 jmh/run-info.py "$out"
