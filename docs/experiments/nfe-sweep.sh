#!/usr/bin/env bash
# EnSF vs EnFF cost-accuracy (issue 4 acceptance 5): analysis RMSE over the last 50 cycles against the
# number of field evaluations per analysis, K in {5, 10, 20, 50, 100} grid points (NFE = K - 1, the
# upstream step convention), for EnFF-F2P, EnFF-OT and EnSF on the KS and L96 presets; plus LETKF and
# EnKF-PO on the KS runs (acceptance 4's comparison). Results and the table in docs/filters.md.
#
# Hyperparameters: the best configuration per K of the upstream sweep on the tuning seed,
# protocol.md §4(a) [enff-csv topk_hyperparameters.csv, k = 1]: (sigma_min, lambda) for EnFF,
# (eps_alpha, eps_beta) for EnSF. EnSF: mixture score, reverse Euler-Maruyama (the filter's defaults).
#
# Usage: docs/experiments/nfe-sweep.sh [PART...]  PART in ks, l96, letkf, ks-test, plot, collect (default:
#        ks l96 letkf ks-test plot). What was run for docs/filters.md (2026-11-22, 2 shared cores):
#          docs/experiments/nfe-sweep.sh ks
#          L96_DIM=100000 docs/experiments/nfe-sweep.sh l96     # stopped after F2P K = 20 (too slow under load)
#          CLASSICAL=letkf docs/experiments/nfe-sweep.sh l96 letkf
#          GRID_KS_TEST="5 10 20 100" docs/experiments/nfe-sweep.sh ks-test
#          CLASSICAL=letkf INFLATIONS=1.02 RADII=32 docs/experiments/nfe-sweep.sh letkf
#          CLASSICAL=enkf INFLATIONS=1.0 RADII=8 docs/experiments/nfe-sweep.sh letkf  # stopped after the tuning-seed run
#          docs/experiments/nfe-sweep.sh collect plot
#        and on 2026-11-23 (session 13, 2 cores of a Zen 3 VM, shared with builds and one CI run), L96 at the preset's d = 10^6, K by K:
#          for k in 5 10 20 50 100; do FULL=1 GRID_L96=$k docs/experiments/nfe-sweep.sh l96; done
#          docs/experiments/nfe-sweep.sh collect
#          java -cp target/enflow.jar org.enflow.experiment.NfePlot docs/experiments/results/nfe \
#               docs/img/rmse-vs-nfe.png l96-1e6 ks-1024         # the plot from the committed summaries
#   OUT=runs/nfe     where the run directories go (one per run, skipped if its summary.json exists)
#   THREADS=2        --threads of every run (results do not depend on it)
#   L96_DIM=10000    L96 state dimension (default 10^4; the preset's dynamics and settings otherwise). The
#                    L96 RMSE hardly depends on d: tuning seed F2P K=10 0.1785 / 0.1782 / 0.1780 and
#                    OT K=100 0.1730 / 0.1731 (3 seeds) / 0.1730 at d = 10^4 / 10^5 / 10^6 (docs/filters.md).
#                    One field evaluation costs ~0.8 ms per 10^4 components on a quiet machine, several
#                    times more under load: the whole L96 sweep is 540 evaluations x 80 cycles.
#   FULL=1           L96 at the preset's d = 10^6 (same as L96_DIM=1000000): about 2 h 8 min for the 15 points
#                    on 2 cores of a Zen 3 VM, mostly quiet (K = 100: 15-25 min per run)
#   GRID_L96, GRID_KS_TEST   K values of the L96 sweep / of the KS test-seed sweep (default 5 10 20 50 100)
#   CLASSICAL="letkf enkf"   classical filters of the letkf part; INFLATIONS="1.0 1.02 1.05 1.1" and
#                    RADII="4 8 16" their tuning grid (the best of all runs present is rerun on the test seeds)
#                    (a localized EnKF-PO run at d = 1024 took 7.7 min under load: CLASSICAL=letkf is quick)
# Each run: bin/enflow run --preset ... --filter ... --set ... --seed ... --threads ... --out DIR
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-runs/nfe}
THREADS=${THREADS:-2}
TUNE=2376999025                                 # protocol.md §1.5 tuning seed (the sweep's seed)
TEST_SEEDS="462133975 979497033 97616566"       # the first 3 test seeds
GRID="5 10 20 50 100"
L96_DIM=${L96_DIM:-10000}
[ "${FULL:-0}" = 1 ] && L96_DIM=1000000
case $L96_DIM in 10000) L96_TAG=l96-1e4 ;; 100000) L96_TAG=l96-1e5 ;; 1000000) L96_TAG=l96-1e6 ;; *) L96_TAG=l96-d$L96_DIM ;; esac
GRID_L96=${GRID_L96:-$GRID}                     # e.g. GRID_L96="5 10 20" for a partial sweep
[ -f target/enflow.jar ] || mvn -q -B -DskipTests package

# --set arguments of METHOD on DATA (ks | l96) at K grid points: protocol.md §4(a).
settings() {
  local data=$1 method=$2 k=$3 a b
  case "$data:$method:$k" in
    l96:f2p:5)            a=1e-4 b=0.05 ;;
    l96:f2p:10)           a=0.1  b=0.05 ;;
    l96:f2p:*)            a=0.01 b=0.05 ;;
    l96:ot:5)             a=0.1  b=0.05 ;;
    l96:ot:10|l96:ot:20)  a=0.1  b=0.1 ;;
    l96:ot:50)            a=0.01 b=0.5 ;;
    l96:ot:100)           a=0.01 b=0.8 ;;
    l96:ensf:50)          a=0.6  b=0.175 ;;
    l96:ensf:100)         a=0.6  b=0.075 ;;
    l96:ensf:*)           a=1    b=0.275 ;;
    ks:f2p:*)             a=1e-3 b=0.005 ;;
    ks:ot:5)              a=1e-5 b=0.05 ;;
    ks:ot:10)             a=0.01 b=0.05 ;;
    ks:ot:20)             a=0.01 b=0.1 ;;
    ks:ot:50)             a=1e-4 b=0.3 ;;
    ks:ot:100)            a=1e-4 b=0.6 ;;
    ks:ensf:50|ks:ensf:100) a=1 b=0.005 ;;
    ks:ensf:*)            a=1    b=0.275 ;;
    *) echo "no settings for $data $method $k" >&2; exit 2 ;;
  esac
  case $method in
    f2p|ot) echo "--filter enff --set path=$method --set grid=$k --set sigma_min=$a --set lambda=$b" ;;
    ensf)   echo "--filter ensf --set score=mixture --set sampler=em --set grid=$k --set eps_alpha=$a --set eps_beta=$b" ;;
  esac
}

# run DIR ARGS...: one experiment unless DIR already holds its summary.json. A diverged run exits 1 but
# still writes its summary (diverged_at_cycle); the sweep goes on.
run() {
  local dir=$1; shift
  if [ -f "$dir/summary.json" ]; then echo "have $dir"; return; fi
  mkdir -p "$dir"
  local t0=$SECONDS
  echo "+ bin/enflow run $* --threads $THREADS -q --out $dir"
  bin/enflow run "$@" --threads "$THREADS" -q --out "$dir" || echo "  exit status $? ($dir)"
  echo "  $((SECONDS - t0)) s  $(grep -o '"rmse_last50": [^,]*' "$dir/summary.json" 2>/dev/null)"
}

sweep() {  # DATA TAG SEED GRID PRESET-ARGS...
  local data=$1 tag=$2 seed=$3 grid=$4; shift 4
  for method in f2p ot ensf; do
    for k in $grid; do
      # shellcheck disable=SC2046
      run "$OUT/$tag/$method-K$k-s$seed" "$@" $(settings "$data" "$method" "$k") --seed "$seed"
    done
  done
}

part_ks()  { sweep ks ks-1024 "$TUNE" "$GRID" --preset ks-1024; }
part_l96() { sweep l96 "$L96_TAG" "$TUNE" "$GRID_L96" --preset l96-1m --dim "$L96_DIM"; }
part_ks_test() { for s in $TEST_SEEDS; do sweep ks ks-1024 "$s" "${GRID_KS_TEST:-$GRID}" --preset ks-1024; done; }

# LETKF (and EnKF-PO) on the KS preset: tune inflation x loc_radius on the tuning seed, then the best on
# the test seeds (same seeds = same truth and observations as the EnFF/EnSF runs).
part_letkf() {
  local f infl r best bs
  for f in ${CLASSICAL:-letkf enkf}; do
    for infl in ${INFLATIONS:-1.0 1.02 1.05 1.1}; do
      for r in ${RADII:-4 8 16}; do
        run "$OUT/ks-1024/$f-i$infl-r$r-s$TUNE" --preset ks-1024 --filter $f --set inflation=$infl --set loc_radius=$r --seed $TUNE
      done
    done
    best=$(for d in "$OUT"/ks-1024/$f-i*-s$TUNE; do
             v=$(grep -o '"rmse_last50": [0-9.eE+-]*' "$d/summary.json" | awk '{print $2}')
             [ -n "$v" ] && echo "$v $d"; done | sort -g | head -n 1 | awk '{print $2}')
    bs=$(basename "$best" | sed "s/-s$TUNE\$//")           # e.g. letkf-i1.0-r8
    infl=$(echo "$bs" | sed 's/.*-i\([^-]*\)-r.*/\1/'); r=${bs##*-r}
    echo "$f best on the tuning seed: inflation=$infl loc_radius=$r"
    for s in $TEST_SEEDS; do
      run "$OUT/ks-1024/$f-i$infl-r$r-s$s" --preset ks-1024 --filter $f --set inflation=$infl --set loc_radius=$r --seed $s
    done
  done
}

# The plot (docs/img/rmse-vs-nfe.png: one panel per data set named) and a Markdown table of every run
# under $OUT ($OUT/table.md), by org.enflow.experiment.NfePlot.
part_plot() {
  java -Djava.awt.headless=true -cp target/enflow.jar org.enflow.experiment.NfePlot \
       "$OUT" docs/img/rmse-vs-nfe.png "$L96_TAG" ks-1024 | tee "$OUT/table.md"
}

# Copies every summary.json to docs/experiments/results/nfe/ (same layout; NfePlot reads it as well).
part_collect() {
  local f dst
  for f in "$OUT"/*/*/summary.json; do
    dst=docs/experiments/results/nfe/${f#"$OUT"/}
    mkdir -p "$(dirname "$dst")" && cp "$f" "$dst"
  done
}

parts=${*:-ks l96 letkf ks-test plot}
for p in $parts; do
  case $p in
    ks) part_ks ;; l96) part_l96 ;; letkf) part_letkf ;; ks-test) part_ks_test ;; plot) part_plot ;;
    collect) part_collect ;;
    *) echo "unknown part $p (ks, l96, letkf, ks-test, plot, collect)" >&2; exit 2 ;;
  esac
done
