#!/usr/bin/env bash
# Session 20: the small part of the list of ../all/ (the 57 analyses under ~1 s on one thread, where every miss of ../all/
# was) again at the final code, same settings as ../all/run.sh. Machine otherwise idle. Output: one JSON per analysis, summary.txt.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s20/small2 \
  "enkf:20x10000 enkf:20x100000 enkf:20x1000000 enkf:100x1000 enkf:100x10000 enkf:100x100000 enkf:500x1000 enkf:2000x40 enkf:10000x40 etkf:20x100000 etkf:20x1000000 etkf:100x10000 etkf:100x100000 etkf:500x40 etkf:500x1000 etkf:500x10000 etkf:2000x40 letkf:20x1000 letkf:20x10000 letkf:20x100000 letkf:100x1000 letkf:100x10000 letkf:500x40 letkf:500x1000 bpf:20x100000 bpf:20x1000000 bpf:100x10000 bpf:100x100000 bpf:500x1000 bpf:500x10000 bpf:2000x1000 bpf:10000x40 enff-f2p:20x10000 enff-f2p:20x100000 enff-f2p:100x1000 enff-f2p:100x10000 enff-f2p:500x40 enff-f2p:500x1000 enff-f2p:2000x40 enff-ot:20x1000 enff-ot:20x10000 enff-ot:20x100000 enff-ot:100x40 enff-ot:100x1000 enff-ot:500x40 ensf:20x1000 ensf:20x10000 ensf:100x40 ensf:100x1000 ensf:500x40 kde:20x1000 kde:20x10000 kde:100x40 kde:100x1000 kde:500x40 flowdas:20x40 flowdas:100x40"
