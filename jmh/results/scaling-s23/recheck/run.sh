#!/usr/bin/env bash
# Session 23: the eight misses of ../all2 again, same jar and settings (jmh/scaling-check.sh: 7 rounds of ~400 ms per
# mode after 10 s of warm-up, one fresh JVM per analysis). Run from the repository root after
# `mvn -q -B -P jmh -DskipTests package`, machine otherwise idle.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s23/recheck \
  "etkf:100x10000 bpf:500x1000 bpf:2000x1000 enff-ot:20x10000 enff-ot:500x40 ensf:20x1000 ensf:20x10000 kde:100x40"
