#!/usr/bin/env bash
# The whole benchmark suite in one command: machine probe, Java scaling suite (vector and scalar twins),
# the PyTorch twin, run information. Then `bin/enflow bench-report DIR` writes the page.
#
#   jmh/run.sh quick|full|acceptance|scaling|lent [--out DIR] [--only FAMILIES] [--no-torch] [--dry-run]
#
#   quick   every family on a few shapes, 1 fork, short iterations: a few minutes on 2 cores
#   acceptance  the issues' acceptance shapes (L96 step at 1000x40 on one core with its scalar twin, Gram
#           2000x256, forecast 20x1e6, fused kernel 2000x{40,256}, every analysis at its acceptance shape (KDE at
#           N = 250 and 1000, FlowDAS at N = 20), the
#           KDE right-hand side, the MLP training step, -prof gc on the hot kernels), 5 x 1 s measured: ~20 min
#   scaling every analysis of the full profile's N x d list at 1 and 2 threads (or THREADS), 1 fork, 2 + 3 x 1 s:
#           the 1 -> 2 thread scaling of every filter at every feasible size (35 min here); analysis family only
#   lent    on a lent many-core GPU machine (jmh/gpu/lent.sh drives it): machine probe at 1, 2 and all cores,
#           the PyTorch twin problems in Java at THREADS (default 1,2,4,...,all cores), the analyses of
#           LENT_ANALYSES at THREADS, PyTorch on the CPU (all cores) and on the GPU; 1 fork, 2 + 3 x 1 s
#   full    N x d x threads sweeps of org.enflow.bench.Sweep (feasible combinations only), JMH's
#           annotation defaults (3 x 2 s warm-up, 5 x 2 s measurement): hours; run it on a quiet machine
#   --out DIR        result directory (default jmh/results/PROFILE); JSON per family + run-info.json
#   --only LIST      comma-separated subset of: probe,twin,analysis,forecast,fused,pairwise,extra,scalar,torch
#   --no-torch       skip the PyTorch twin (jmh/gpu/bench.py)
#   --dry-run        print the commands, run nothing
# Environment: JAVA (default: java on PATH), PYTHON (default /usr/bin/python3), HEAP_GIB (fork heap; default
# 60 % of RAM, at most 64), THREADS (library thread counts; default 1,2,all cores).
# Builds target/benchmarks.jar (mvn -P jmh -DskipTests package) when it is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

profile="${1:-}"
case "$profile" in
  quick|full|acceptance|scaling|lent) shift ;;
  *) echo "usage: jmh/run.sh quick|full|acceptance|scaling|lent [--out DIR] [--only FAMILIES] [--no-torch] [--dry-run]" >&2; exit 2 ;;
esac
out="jmh/results/$profile"; only="probe,twin,analysis,forecast,fused,pairwise,extra,scalar,torch"; dry=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --no-torch) only="${only//torch/}"; shift ;;
    --dry-run) dry=1; shift ;;
    *) echo "jmh/run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }

java="${JAVA:-java}"
python="${PYTHON:-/usr/bin/python3}"
jar=target/benchmarks.jar
if [ ! -f "$jar" ] && [ "$dry" = 0 ]; then
  echo "jmh/run.sh: building $jar (mvn -q -B -P jmh -DskipTests package)" >&2
  mvn -q -B -P jmh -DskipTests package
fi

cores=$(nproc)
mem_gib=$(awk '/MemTotal/ {printf "%d", $2 / 1048576}' /proc/meminfo)
heap="${HEAP_GIB:-$(( mem_gib * 6 / 10 > 64 ? 64 : (mem_gib * 6 / 10 < 2 ? 2 : mem_gib * 6 / 10) ))}"
if [ -z "${THREADS:-}" ] && [ "$profile" = lent ]; then
  THREADS=1; t=2; while [ "$t" -lt "$cores" ]; do THREADS="$THREADS,$t"; t=$(( t * 2 )); done; THREADS="$THREADS,$cores"
fi
if [ -z "${THREADS:-}" ]; then
  THREADS=1; [ "$cores" -ge 2 ] && THREADS="$THREADS,2"; [ "$cores" -gt 2 ] && THREADS="$THREADS,$cores"
fi
if [ "$profile" = acceptance ]; then
  iters="-f 1 -wi 3 -w 1 -i 5 -r 1"; probe_iters="-f 1 -wi 2 -w 1 -i 4 -r 1"
  torch_iters="--warmup 1 --iterations 5 --time 1"
elif [ "$profile" = scaling ]; then
  iters="-f 1 -wi 2 -w 1 -i 3 -r 1"; probe_iters=""; torch_iters=""
  only="analysis"
elif [ "$profile" = lent ]; then
  iters="-f 1 -wi 2 -w 1 -i 3 -r 1"; probe_iters="-f 1 -wi 2 -w 1 -i 4 -r 1"
  torch_iters="--warmup 1 --iterations 5 --time 1"
  only="${only//forecast/}"; only="${only//fused/}"; only="${only//pairwise/}"; only="${only//extra/}"; only="${only//scalar/}"
elif [ "$profile" = quick ]; then
  iters="-f 1 -wi 2 -w 1 -i 2 -r 1"; probe_iters="-f 1 -wi 1 -w 1 -i 2 -r 1"
  torch_iters="--warmup 1 --iterations 3 --time 1"
else
  iters="-f 1"; probe_iters="-f 1 -wi 3 -w 1 -i 5 -r 1"; torch_iters=""
fi
vector="-jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx${heap}g\""
scalar="-jvmArgsAppend \"-Xmx${heap}g -Denflow.vector=false\""
sweep() {  # the acceptance profile times the quick profile's PyTorch twin problems
  local p="$profile"; [ "$p" = acceptance ] && p=quick; [ "$p" = scaling ] && p=full; [ "$p" = lent ] && p=quick
  "$java" -cp "$jar" org.enflow.bench.Sweep "$p" "$1" "$heap"
}

mkdir -p "$out"
ledger="$out/commands.tsv"  # file <TAB> UTC date <TAB> command <TAB> 1-min load average at the end, per result file
record() {  # record FILE COMMAND: notes the command of one result file for run-info.json
  [ "$dry" = 1 ] && return 0
  local tmp="$ledger.tmp"
  { [ -f "$ledger" ] && awk -F'\t' -v f="$1" '$1 != f' "$ledger"; printf '%s\t%s\t%s\t%s\n' "$1" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$2" "$(cut -d' ' -f1 /proc/loadavg)"; } > "$tmp"
  mv "$tmp" "$ledger"
}
run() {  # run NAME COMMAND...: runs one command writing $out/NAME.json and records it
  local name="$1"; shift
  local cmd="$* -rf json -rff $out/$name.json"
  echo "+ $cmd"
  if [ "$dry" = 0 ]; then eval "$cmd"; record "$name.json" "$cmd"; fi
}
json_str() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

if wants probe; then
  # Roofs at 1, 2 and all cores (FMA peak, DRAM bandwidth, exp rate); every JMH thread streams its own 512 MiB array.
  for t in $(echo "1 2 $cores" | tr ' ' '\n' | awk -v c="$cores" '$1 <= c' | sort -nu); do
    ph=$(( t * 6 / 10 + 2 )); [ "$ph" -lt 4 ] && ph=4
    run "probe-${t}t" "$java -jar $jar MachineProbe -t $t $probe_iters -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx${ph}g\""
  done
fi
if [ "$profile" = acceptance ]; then
  only="${only//twin/}"; only="${only//analysis/}"; only="${only//forecast/}"; only="${only//fused/}"
  only="${only//pairwise/}"; only="${only//extra/}"; only="${only//scalar/}"
  # Issue 2 item 4: the L96 step at 1000 x 40 on one core (classic RK4 and the 3/8 rule) and its scalar twin;
  # the Gram panel at 2000 x 256; allocation per call (-prof gc).
  run l96-1core "$java -jar $jar ForecastBench -p config=l96-rk4:1000x40,l96:1000x40 -p threads=1 $iters $vector -prof gc"
  run l96-1core-scalar "$java -jar $jar ForecastBench -p config=l96-rk4:1000x40,l96:1000x40 -p threads=1 $iters $scalar"
  run gram "$java -jar $jar PairwiseBench.gram -p shape=2000x256 -p threads=1,2 $iters $vector -prof gc"
  # Issue 4 item 6: the forecast of 20 members at d = 10^6 (10 steps); the fused kernel at N = 2000.
  run l96-1m "$java -jar $jar ForecastBench -p config=l96:20x1000000 -p threads=1,2 $iters $vector"
  run fused "$java -jar $jar FusedSoftmaxBench -p shape=2000x40,2000x256 -p threads=1,2 $iters $vector -prof gc"
  # Issues 3, 4 and 6 item 4: one analysis of every filter at its acceptance shape, 1 and 2 threads.
  # Longer warm-up: the LETKF's first call runs for about a second before C2 has compiled its kernels, and
  # three 1 s warm-up iterations left its first measured iterations 10-20 % slow.
  run analysis-classical "$java -jar $jar AnalysisBench -p config=letkf:10x40,etkf:40x40,enkf:40x40,bpf:3000x40,letkf:20x10000 -p threads=1,2 -f 1 -wi 5 -w 2 -i 5 -r 1 $vector -prof gc"
  run analysis-large "$java -jar $jar AnalysisBench -p config=letkf:20x1000000,enff-f2p:20x1000000,enff-ot:20x1000000,ensf:20x1000000 -p threads=1,2 -f 1 -wi 2 -w 1 -i 3 -r 1 $vector"
  # Analyses of 5-700 ms at moderate sizes: the KDE filter at issue 5's ensemble sizes, FlowDAS, and EnFF/EnSF
  # at d = 10^4 / 10^3 (where d fits in one block and the particles are split instead). Three forks, as a fork's
  # time alone wanders by ±10-30 % on this VM (the same code, one thread, 21 or 26 ms from one JVM to the next).
  run analysis-moderate "$java -jar $jar AnalysisBench -p config=kde:250x40,kde:1000x40,flowdas:20x40,enff-f2p:20x10000,enff-ot:20x10000,ensf:20x1000 -p threads=1,2 -f 3 -wi 3 -w 1 -i 5 -r 1 $vector"
  # Issue 5 item 5 and issue 6 item 3: the KDE right-hand side; the problems of the PyTorch twin.
  "$java" -jar "$jar" -l 2>/dev/null | grep -q '\.KdeRhsBench' && run kde-rhs "$java -jar $jar KdeRhsBench -p threads=1,2 $iters $vector"
  "$java" -jar "$jar" -l 2>/dev/null | grep -q '\.MlpTrainBench' && run mlp "$java -jar $jar MlpTrainBench $iters $vector"
  run twin "$java -jar $jar TwinBench -p problem=f2p:20x1000000,kde:2000x40,l96:20x1000000 -p threads=1,2 $iters $vector"
fi
wants twin && run twin "$java -jar $jar TwinBench -p problem=$(sweep twin) -p threads=$THREADS $iters $vector"
if [ "$profile" = lent ]; then
  # The acceptance shapes of the analyses (LENT_ANALYSES overrides: a call on a lent machine lasts 10 min at most).
  lent_analyses="${LENT_ANALYSES:-letkf:20x1000000,enff-f2p:20x1000000,enff-ot:20x1000000,letkf:20x10000,enff-f2p:20x10000,enff-ot:20x10000,ensf:20x1000,kde:1000x40,flowdas:20x40}"
  wants analysis && run analysis "$java -jar $jar AnalysisBench -p config=$lent_analyses -p threads=$THREADS $iters $vector"
else
  wants analysis && run analysis "$java -jar $jar AnalysisBench -p config=$(sweep analysis) -p threads=$THREADS $iters $vector"
fi
wants forecast && run forecast "$java -jar $jar ForecastBench -p config=$(sweep forecast) -p threads=$THREADS $iters $vector"
wants fused && run fused "$java -jar $jar FusedSoftmaxBench -p shape=$(sweep fused) -p threads=$THREADS $iters $vector"
wants pairwise && run pairwise "$java -jar $jar PairwiseBench -p shape=$(sweep pairwise) -p threads=$THREADS $iters $vector"
if wants extra; then
  # Hook: benchmarks that land with later issues (the KDE right-hand side, the FlowDAS guided step, the
  # FlowDAS training step) run with their own @Param defaults when the jar has them.
  for b in KdeRhsBench FlowDas MlpTrainBench; do
    if "$java" -jar "$jar" -l 2>/dev/null | grep -q "\.$b"; then
      run "extra-$(echo "$b" | tr '[:upper:]' '[:lower:]')" "$java -jar $jar $b $iters $vector"
    fi
  done
fi
if wants scalar; then
  run twin-scalar "$java -jar $jar TwinBench -p problem=$(sweep twin-scalar) -p threads=1 $iters $scalar"
  run analysis-scalar "$java -jar $jar AnalysisBench -p config=$(sweep analysis-scalar) -p threads=1 $iters $scalar"
  run forecast-scalar "$java -jar $jar ForecastBench -p config=$(sweep forecast-scalar) -p threads=1 $iters $scalar"
  run fused-scalar "$java -jar $jar FusedSoftmaxBench -p shape=$(sweep fused-scalar) -p threads=1 $iters $scalar"
fi
if wants torch; then
  if "$python" -c 'import torch' 2>/dev/null; then
    # The very inputs the Java benchmarks draw (seed 42), written by the Java side: both sides time the same
    # numbers, and PyTorch is spared the L96 spin-up at d = 10^6. Deleted afterwards (about 1 GB).
    problems=$(sweep twin)
    inputs=$(mktemp -d "${TMPDIR:-/tmp}/enflow-twin-inputs.XXXXXX")
    [ -f target/enflow.jar ] || [ "$dry" = 1 ] || mvn -q -B -DskipTests package
    twin_cmd="env ENFLOW_JAVA=$(command -v "$java" || echo "$java") bin/enflow bench-twin --out $inputs --problem ${problems//,/ --problem }"
    echo "+ $twin_cmd"
    [ "$dry" = 1 ] || $twin_cmd >/dev/null
    for dev in cpu cuda; do
      if [ "$dev" = cuda ] && ! "$python" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
        continue
      fi
      t=""; [ "$dev" = cpu ] && t="--threads 2"; [ "$dev" = cpu ] && [ "$profile" = lent ] && t="--threads $cores"
      cmd="$python jmh/gpu/bench.py --device $dev $t --problems $problems --inputs $inputs $torch_iters --out $out/torch-$dev.json"
      echo "+ $cmd"; [ "$dry" = 1 ] || { $cmd && record "torch-$dev.json" "$twin_cmd && $cmd"; }
    done
    rm -rf "$inputs"
  else
    echo "jmh/run.sh: $python has no torch: PyTorch twin skipped (apt-get install python3-torch)" >&2
  fi
fi

# run-info.json: what bench-report cites for every result file of this directory (machine, and per file
# the date and exact command, from the ledger).
[ "$dry" = 1 ] && { echo "(dry run: nothing written)"; exit 0; }
cpu=$(awk -F: '/model name/ {sub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
{
  printf '{\n  "kind": "enflow-bench-run",\n  "profile": "%s",\n' "$profile"
  printf '  "date": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '  "git": "%s",\n' "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  printf '  "java": %s,\n' "$(json_str "$("$java" -version 2>&1 | head -n 1)")"
  printf '  "machine": {"cpu": %s, "available_processors": %s, "memory_bytes": %s, "os": %s},\n' \
    "$(json_str "$cpu")" "$cores" "$(awk '/MemTotal/ {printf "%.0f", $2 * 1024}' /proc/meminfo)" "$(json_str "$(uname -srm)")"
  for key in dates loads commands; do
    printf '  "%s": {' "$key"; sep=""
    while IFS=$'\t' read -r f d c l; do
      case "$key" in dates) v="$d" ;; loads) v="${l:-unknown}" ;; *) v="$c" ;; esac
      printf '%s\n    %s: %s' "$sep" "$(json_str "$f")" "$(json_str "$v")"; sep=","
    done < "$ledger"
    [ "$key" = commands ] && printf '\n  }\n' || printf '\n  },\n'
  done
  printf '}\n'
} > "$out/run-info.json"
echo "results in $out; the page: bin/enflow bench-report $out --out docs/benchmarks.md --plots docs/img"
