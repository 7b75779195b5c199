#!/usr/bin/env bash
# Session 18, at ed9204c: after the component blocks' distance sums were shared out over the pool (FlowEngine.sumPartials).
# EnFF-F2P 500 x 10^4 (40 component blocks, m n = 250 000 entries) and, for comparison, an analysis with few entries.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s18/sum-partials "" "enff-f2p:500x10000 enff-ot:100x100000"
