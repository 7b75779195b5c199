#!/usr/bin/env bash
# Session 20: org.enflow.bench.AlignmentProbe (the ETKF's U^-1 M back substitution by SmallDense.combineRow at n = 499,
# the right-hand sides at offsets 0-7 doubles inside one array) on JDK 17 with and without -XX:ObjectAlignmentInBytes=64
# and on JDK 25 with it. Run from the repository root after `mvn -q -B -P jmh -DskipTests package`. Output: probe.txt.
set -euo pipefail
out=jmh/results/scaling-s20/alignment/probe.txt; : > "$out"
for f in "-XX:ObjectAlignmentInBytes=64" ""; do
  echo "== java $f (JDK 17, $(date -u +%H:%M) UTC, $(git rev-parse --short HEAD))" >> "$out"
  java --add-modules=jdk.incubator.vector $f -cp target/benchmarks.jar org.enflow.bench.AlignmentProbe 2>/dev/null >> "$out"
done
j25=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)
echo "== $j25/bin/java -XX:ObjectAlignmentInBytes=64 (JDK 25, $(date -u +%H:%M) UTC, $(git rev-parse --short HEAD))" >> "$out"
"$j25/bin/java" --add-modules=jdk.incubator.vector -XX:ObjectAlignmentInBytes=64 -cp target/benchmarks.jar org.enflow.bench.AlignmentProbe 2>/dev/null >> "$out"
