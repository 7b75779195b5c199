#!/usr/bin/env bash
# Session 19: the 13 analyses over 5 ms that missed 1.8x in ../all/ again, at the commit after the comb4x2 and
# FlowEngine.finish changes (the header of summary.txt names it), same harness and settings as ../all/.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s19/recheck \
  "enkf:500x1000 enkf:10000x40 etkf:500x1000 etkf:2000x40 bpf:20x1000000 enff-f2p:20x10000 enff-f2p:100x10000 enff-f2p:500x40 ensf:20x1000" \
  "enkf:2000x1000 ensf:20x100000 ensf:100x10000 ensf:500x1000"
