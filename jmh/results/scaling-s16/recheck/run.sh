#!/usr/bin/env bash
# Session 16: the 14 analyses under 1.8x in scaling-s16/interleaved, again, with ThreadScalingCheck's pair split
# (the slower pair partner's own time over the faster one's). Same protocol; from the repository root after
# `mvn -q -B -P jmh -DskipTests package`, machine otherwise idle.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s16/recheck \
  "letkf:500x1000 bpf:500x1000 enff-ot:20x10000 ensf:100x1000 ensf:500x40" \
  "enff-ot:100x10000 enff-ot:500x1000 ensf:100x10000 ensf:20x100000 ensf:500x1000 enff-f2p:100x100000 enff-f2p:20x1000000 enff-f2p:10000x40 enff-ot:20x1000000"
