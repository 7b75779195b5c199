#!/usr/bin/env bash
# Session 15: the analyses over 5 ms that missed 1.8x in ../interleaved/summary.txt (052e54b), measured again at the
# commit below (73b6a6e or later: FlowEngine's larger row blocks at small d) with the same ThreadScalingCheck settings,
# one fresh JVM per analysis. Run from the repository root after `mvn -q -B -P jmh -DskipTests package`, machine
# otherwise idle. Output: one JSON per analysis, summary.txt. (It ran as the same loop written out; jmh/scaling-check.sh
# is that loop.)
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s15/recheck \
  "etkf:20x100000 bpf:500x1000 enff-f2p:20x10000 enff-f2p:2000x40 enff-ot:20x10000 enff-ot:100x40 ensf:20x10000 ensf:100x1000 ensf:500x40" \
  "enff-f2p:20x1000000 enff-ot:100x10000 enff-ot:100x100000 ensf:20x100000"
