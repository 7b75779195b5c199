#!/usr/bin/env bash
# The classical filters through the CLI (EnFF-style protocol: spun-up truth, ensemble around the truth,
# first analysis on the initial ensemble). One seed (the tuning seed), 10^4 cycles after a 400-cycle burn-in.
set -euo pipefail
cd "$(dirname "$0")/../.."
E=bin/enflow
$E run --preset l96-default --filter etkf  --members 40 --set inflation=1.013 --set rotate=true --cycles 10400 --burn-in 400 --out runs/l96-etkf -q
$E run --preset l96-default --filter enkf  --members 40 --set inflation=1.06 --cycles 10400 --burn-in 400 --out runs/l96-enkf -q
$E run --preset l96-default --filter letkf --members 7 --set inflation=1.04 --set loc_radius=4 --set rotate=true --cycles 10400 --burn-in 400 --out runs/l96-letkf -q
# The CLI scores the energy score every cycle (O(N²d)): at N = 3000 that dominates (~0.15 s per cycle), so 1400 cycles here.
$E run --preset l96-default --filter bpf --members 3000 --set resample_threshold=0.5 --set jitter=0.7 --cycles 1400 --burn-in 400 --out runs/l96-bpf -q
$E run --model lorenz63 --dt 0.01 --integrator rk4 --obs-every 25 --obs identity --obs-sigma 1.4142135623730951 --members 10 \
   --filter etkf --set inflation=1.02 --set rotate=true --cycles 10064 --burn-in 64 --out runs/l63-etkf -q
