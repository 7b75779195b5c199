#!/usr/bin/env bash
# Session 18: the rest of all/run.sh's large list after the harness hung on bpf:100x1000000 (four states do not fit in
# -Xmx14g; 2e7877b makes such an analysis print a "failed:" line instead). bpf:100x1000000 itself is left out.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s18/all-rest "" \
  "bpf:500x100000 bpf:2000x10000 bpf:10000x1000 enff-f2p:20x1000000 enff-f2p:100x100000 enff-f2p:500x10000 enff-f2p:2000x1000 enff-f2p:10000x40 enff-ot:20x1000000 enff-ot:100x10000 enff-ot:100x100000 enff-ot:500x1000 enff-ot:2000x40 ensf:20x100000 ensf:100x10000 ensf:500x1000 ensf:2000x40 enkf:100x1000000 etkf:100x1000000 kde:20x100000 kde:100x10000 kde:500x1000 kde:2000x40 flowdas:20x1000"
