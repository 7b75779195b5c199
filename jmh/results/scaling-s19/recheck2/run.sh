#!/usr/bin/env bash
# Session 19: ETKF 500 x 1000 (the one miss of ../recheck/) and the other analyses the ETKF change touches or that
# were within 0.02 of 1.8x in ../recheck/, at the commit after the ETKF change (header of summary.txt), same harness.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s19/recheck2 \
  "etkf:500x1000 etkf:500x40 etkf:2000x40 etkf:100x10000 enkf:500x1000 enkf:10000x40 kde:20x1000" \
  "etkf:2000x1000"
