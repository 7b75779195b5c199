#!/usr/bin/env bash
# One call on a lent GPU machine (16 cores, no JDK, no network): the GPU column of docs/benchmarks.md and
# the Java thread-scaling curve up to all cores. Run from the repository root there, in parts that each fit
# the device tool's 10-minute call:
#
#   jmh/gpu/lent.sh gpu        Java-vs-PyTorch agreement on the GPU (float64), machine probe at 1, 2 and all
#                              cores, TwinBench at THREADS, PyTorch twin on the CPU (all cores) and the GPU
#   jmh/gpu/lent.sh analysis   AnalysisBench at THREADS (LENT_ANALYSES, see jmh/run.sh lent)
#
# Prepared here (the machine has neither a JDK nor Maven), in .dev/ (listed in .git/info/exclude):
#   mvn -q -B -P jmh -DskipTests package && mkdir -p .dev && cp target/benchmarks.jar target/enflow.jar .dev/
#   jlink --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported,jdk.zipfs,jdk.incubator.vector \
#         --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output .dev/jre && tar -C .dev -cJf .dev/jre.tar.xz jre
# and carried with the call (device tool: carry [".dev/jre.tar.xz", ".dev/benchmarks.jar", ".dev/enflow.jar"]).
# Results: $OUT/lent-PART.tar.gz (a jmh/run.sh result directory: JSON, commands.tsv, run-info.json) and the
# agreement table; unpack under jmh/results/ and pass the directory to bin/enflow bench-report.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
part="${1:?usage: jmh/gpu/lent.sh gpu|analysis}"
out="${OUT:-/tmp/lent-out}"; mkdir -p "$out"

jre=/tmp/enflow-jre
[ -x "$jre/bin/java" ] || { mkdir -p "$jre" && tar -C "$jre" --strip-components=1 -xJf .dev/jre.tar.xz; }
mkdir -p target
cp -n .dev/benchmarks.jar .dev/enflow.jar target/ 2>/dev/null || true
export JAVA="$jre/bin/java" ENFLOW_JAVA="$jre/bin/java" PYTHON="${PYTHON:-python3}"
"$JAVA" -version 2>&1 | head -n 1
nproc; free -g | head -n 2
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.mem --format=csv

results="/tmp/lent-$part"; [ "$part" = analysis ] && results="$out/lent-$part"  # analysis results straight under $OUT: they come back even when the call is cut off
case "$part" in
  gpu)
    "$PYTHON" jmh/gpu/check_agreement.py --device cuda --enflow bin/enflow | tee "$out/agreement-cuda.md"
    jmh/run.sh lent --out "$results" --only probe,twin,torch
    ;;
  analysis)
    jmh/run.sh lent --out "$results" --only analysis
    ;;
  *) echo "lent.sh: unknown part $part (gpu|analysis)" >&2; exit 2 ;;
esac
[ "$part" = gpu ] && tar -C /tmp -czf "$out/lent-$part.tar.gz" "lent-$part"
ls -la "$out"
