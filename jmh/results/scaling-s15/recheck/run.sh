#!/usr/bin/env bash
# Session 15: the analyses over 5 ms that missed 1.8x in ../interleaved/summary.txt (052e54b), measured again at the
# commit below (73b6a6e or later: FlowEngine's larger row blocks at small d) with the same ThreadScalingCheck settings,
# one fresh JVM per analysis. Run from the repository root after `mvn -q -B -P jmh -DskipTests package`, machine
# otherwise idle. Output: one JSON per analysis, summary.txt.
set -euo pipefail
dir=jmh/results/scaling-s15/recheck
small="etkf:20x100000 bpf:500x1000 enff-f2p:20x10000 enff-f2p:2000x40 enff-ot:20x10000 enff-ot:100x40 ensf:20x10000 ensf:100x1000 ensf:500x40"
large="enff-f2p:20x1000000 enff-ot:100x10000 enff-ot:100x100000 ensf:20x100000"
check() {  # check ROUNDS CONFIG
  java --add-modules=jdk.incubator.vector -Xmx14g -cp target/benchmarks.jar org.enflow.bench.ThreadScalingCheck \
    --rounds "$1" --round-ms 400 --warmup-ms 3000 --out "$dir/${2/:/-}.json" "$2" 2>/dev/null | tail -n 1 >> "$dir/summary.txt"
}
: > "$dir/summary.txt"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(git rev-parse --short HEAD) $(java -version 2>&1 | head -n 1)" >> "$dir/summary.txt"
echo "# config  1-thread ms  2-thread ms  ratio  rounds lo-hi  pair ms  ceiling  efficiency" >> "$dir/summary.txt"
for c in $small; do check 5 "$c"; done
for c in $large; do check 3 "$c"; done
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) done, 1-min load $(cut -d' ' -f1 /proc/loadavg)" >> "$dir/summary.txt"
