#!/usr/bin/env bash
# Session 12: the L96 forecast of issue 4 (20 members, d = 10^6, 10 steps, RK4 3/8 rule) after the large-d block
# went from 1024 to 512 components, with the machine probe of the same window. Run from the repository root of a
# clean clone after `mvn -q -B -ntp -P jmh -DskipTests package`, machine otherwise idle. BASE=path/to/benchmarks.jar
# of the commit before (6ae7c0f) also runs the same forecast rows on it, alternating, into bracket/ (not in the
# report command). Running it again overwrites the committed files.
set -euo pipefail
. jmh/session.sh jmh/results/forecast-s12
fc="-p config=l96:20x1000000 -p threads=1,2 -f 2 -wi 2 -w 1 -i 5 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx6g\""
probes
run forecast "java -jar target/benchmarks.jar ForecastBench $fc"
if [ -n "${BASE:-}" ]; then
  mkdir -p $out/bracket
  for k in 1 2; do
    run bracket/base-$k "java -jar $BASE ForecastBench $fc"
    run bracket/new-$k "java -jar target/benchmarks.jar ForecastBench $fc"
  done
fi
python3 jmh/run-info.py "$out"
