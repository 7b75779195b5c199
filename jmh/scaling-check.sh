#!/usr/bin/env bash
# ThreadScalingCheck over a list of analyses, one fresh JVM each, into DIR (one JSON per analysis and summary.txt):
#   jmh/scaling-check.sh DIR "SMALL CONFIGS" ["LARGE CONFIGS" ["HUGE CONFIGS"]]
# 7 rounds of ~400 ms per mode after 10 s of warm-up for the small ones (ROUNDS_SMALL, WARMUP_MS), 3 rounds for the
# large ones (over ~1 s each; ROUNDS_LARGE=7 for more); the huge ones as the large ones but without the pair of
# independent 1-thread analyses (--no-pair: two states in the heap, not four; no ceiling).
# The JVM runs with -XX:ObjectAlignmentInBytes=64 (SCALING_JVM_OPTS= to drop it): every array's data then starts 16
# bytes past a 64-byte boundary, in the 1- and the 2-thread state alike. With the default 8-byte alignment each array
# lands at a random offset, and on AVX-512 a row kernel over 64-byte-aligned rows ran 1.5x faster than over
# misaligned ones (docs/kernels.md), so the two states of one JVM could differ by that much for no reason of threads.
# Run from the repository root after `mvn -q -B -P jmh -DskipTests package`, machine otherwise idle.
set -euo pipefail
dir=$1; small=$2; large=${3:-}; huge=${4:-}
mkdir -p "$dir"
check() {  # check ROUNDS CONFIG [--no-pair]
  java --add-modules=jdk.incubator.vector -Xmx14g ${SCALING_JVM_OPTS--XX:ObjectAlignmentInBytes=64} -cp target/benchmarks.jar org.enflow.bench.ThreadScalingCheck \
    --rounds "$1" --round-ms 400 --warmup-ms ${WARMUP_MS:-10000} ${3:-} --out "$dir/${2/:/-}.json" "$2" 2>/dev/null | tail -n 1 >> "$dir/summary.txt"
}
: > "$dir/summary.txt"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(git rev-parse --short HEAD) $(java -version 2>&1 | head -n 1) opts: ${SCALING_JVM_OPTS--XX:ObjectAlignmentInBytes=64} warm-up ${WARMUP_MS:-10000} ms" >> "$dir/summary.txt"
echo "# config  1-thread ms  2-thread ms  ratio  rounds lo-hi  pair ms  ceiling  efficiency  pair split" >> "$dir/summary.txt"
for c in $small; do check "${ROUNDS_SMALL:-7}" "$c"; done
for c in $large; do check "${ROUNDS_LARGE:-3}" "$c"; done
for c in $huge; do check "${ROUNDS_LARGE:-3}" "$c" --no-pair; done
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) done, 1-min load $(cut -d' ' -f1 /proc/loadavg)" >> "$dir/summary.txt"
