#!/usr/bin/env bash
# Session 24, second run (the first plus the rotation's look-ahead): the 1 -> 2 thread ratio of every analysis over 5 ms on one thread (the list of ../../scaling-s21/all), at the
# commit in summary.txt, with bpf:100x1000000, enkf:100x1000000, etkf:100x1000000 and enkf:500x100000 run without the pair (--no-pair:
# their four states do not fit the 14 GB heap; the last two ran out of it in ../../scaling-s20/all). org.enflow.bench.ThreadScalingCheck: 1 and 2 threads alternating in one JVM,
# plus a pair of independent 1-thread analyses (the ceiling two cores deliver for the same work), one fresh JVM per
# analysis, 9 rounds (ROUNDS_SMALL=9; 7 until session 23) of ~400 ms per mode after 10 s of warm-up (3 rounds for analyses over 1 s), every JVM with
# -XX:ObjectAlignmentInBytes=64 (see jmh/scaling-check.sh). Run from the repository root after
# `mvn -q -B -P jmh -DskipTests package`, machine otherwise idle. Output: one JSON per analysis, summary.txt.
set -euo pipefail
ROUNDS_SMALL=9 jmh/scaling-check.sh jmh/results/scaling-s24/all2 \
  "enkf:20x10000 enkf:20x100000 enkf:20x1000000 enkf:100x1000 enkf:100x10000 enkf:100x100000 enkf:500x1000 enkf:2000x40 enkf:10000x40 etkf:20x100000 etkf:20x1000000 etkf:100x10000 etkf:100x100000 etkf:500x40 etkf:500x1000 etkf:500x10000 etkf:2000x40 letkf:20x1000 letkf:20x10000 letkf:20x100000 letkf:100x1000 letkf:100x10000 letkf:500x40 letkf:500x1000 bpf:20x100000 bpf:20x1000000 bpf:100x10000 bpf:100x100000 bpf:500x1000 bpf:500x10000 bpf:2000x1000 bpf:10000x40 enff-f2p:20x10000 enff-f2p:20x100000 enff-f2p:100x1000 enff-f2p:100x10000 enff-f2p:500x40 enff-f2p:500x1000 enff-f2p:2000x40 enff-ot:20x1000 enff-ot:20x10000 enff-ot:20x100000 enff-ot:100x40 enff-ot:100x1000 enff-ot:500x40 ensf:20x1000 ensf:20x10000 ensf:100x40 ensf:100x1000 ensf:500x40 kde:20x1000 kde:20x10000 kde:100x40 kde:100x1000 kde:500x40 flowdas:20x40 flowdas:100x40" \
  "enkf:500x10000 enkf:2000x1000 enkf:10000x1000 etkf:500x100000 etkf:2000x1000 etkf:2000x10000 letkf:20x1000000 letkf:100x100000 bpf:500x100000 bpf:2000x10000 bpf:10000x1000 enff-f2p:20x1000000 enff-f2p:100x100000 enff-f2p:500x10000 enff-f2p:2000x1000 enff-f2p:10000x40 enff-ot:20x1000000 enff-ot:100x10000 enff-ot:100x100000 enff-ot:500x1000 enff-ot:2000x40 ensf:20x100000 ensf:100x10000 ensf:500x1000 ensf:2000x40 kde:20x100000 kde:100x10000 kde:500x1000 kde:2000x40 flowdas:20x1000" \
  "bpf:100x1000000 enkf:100x1000000 etkf:100x1000000 enkf:500x100000"
