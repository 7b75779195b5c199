#!/usr/bin/env bash
# Issue 5, acceptance 2: Lorenz-63 observed through z only (kde_diffusion.md §10, the code-era L63_01 setup:
# preset kde-l63-z = RK4 dt 0.01, z observed every step with σ = √10, process noise √10/10 per cycle on the
# forecast members (the truth is noise-free), truth and ensemble from N(0, 10 I) with no spin-up, so the
# (x, y) → (−x, −y) symmetry keeps a two-wing posterior). N = 250, 10 seeds; every run also runs a
# 10⁵-particle bootstrap/SIR reference (systematic resampling every cycle, no jitter; its own random streams,
# the same for every filter at a given seed) and reports W2 of the analysis ensemble to 250 reference
# points (exact optimal transport) every cycle. Table: mean ± s.e. over seeds of the time-mean W2 (all
# cycles, burn-in 0 as the KDE code averages over all times), RMSE, spread, reference RMSE.
#
#   docs/experiments/w2-l63-z.sh                      # all filters, 10 seeds, 200 cycles
#   FILTERS="enkf bpf" SEEDS="1 2" CYCLES=100 docs/experiments/w2-l63-z.sh
#   CYCLES=1000 ...                                     # the full L63_01 length (5x the time)
#
#   OUT=runs/w2-l63-z-kde CYCLES=100 FILTERS=kde DUMP_ALL=1 KDE_SET="--set sigma_x=0.2 --set sigma_y=10 --set sigma_max=50" \
#     docs/experiments/w2-l63-z.sh; docs/experiments/w2_wings.py runs/w2-l63-z-kde   # the W2-tuned KDE rows (w2.md)
#
# Filters: kde with KDE_SET (default the preset's σ_x 0.4, σ_y 2, σ_max 50: the code's example command), enkf
# (perturbed observations, no inflation: the KDE code's baseline), bpf = SIR with N = 250 (multinomial
# resampling every cycle, no jitter: the KDE code's baseline), enff and ensf with their defaults (untuned
# here). Seed 1 also writes the analysis ensemble of the last cycle (ensemble-K.png: x against z, reference
# points in grey) to show whether both wings stay populated.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
ENFLOW=${ENFLOW:-$repo/bin/enflow}
OUT=${OUT:-runs/w2-l63-z}
CYCLES=${CYCLES:-200}
SEEDS=${SEEDS:-"1 2 3 4 5 6 7 8 9 10"}
FILTERS=${FILTERS:-"kde enkf bpf enff ensf"}
REFERENCE=${REFERENCE:-bpf:100000}
THREADS=${THREADS:-1}
KDE_SET=${KDE_SET:-"--set sigma_x=0.4 --set sigma_y=2 --set sigma_max=50"}  # the preset's; the W2-tuned values: see w2.md
DUMP_ALL=${DUMP_ALL:-0}   # 1: dump the last cycle of every seed (wing occupancy per seed: w2_wings.py)
mkdir -p "$OUT"

settings() {
  case "$1" in
    bpf) echo "--set resampler=multinomial --set resample_threshold=1 --set jitter=0" ;;
    kde) echo "$KDE_SET" ;;
    *) echo "" ;;
  esac
}

for f in $FILTERS; do
  for s in $SEEDS; do
    dump=""
    if [ "$DUMP_ALL" = 1 ] || [ "$s" = "$(echo $SEEDS | cut -d' ' -f1)" ]; then dump="--dump-ensemble $((CYCLES - 1))"; fi
    start=$(date +%s)
    # shellcheck disable=SC2046
    "$ENFLOW" run --preset kde-l63-z --filter "$f" $(settings "$f") --members 250 --cycles "$CYCLES" --burn-in 0 \
      --seed "$s" --threads "$THREADS" --reference "$REFERENCE" $dump --out "$OUT/$f/seed-$s" -q > "$OUT/$f-$s.log" 2>&1 \
      || { echo "run $f seed $s failed (see $OUT/$f-$s.log)"; continue; }
    echo "$f seed $s: $(( $(date +%s) - start )) s, $(grep -o '"w2": [^,]*' "$OUT/$f/seed-$s/summary.json" | head -1 | tr -d '"')"
  done
done
python3 "$repo/docs/experiments/w2_table.py" "$OUT"
