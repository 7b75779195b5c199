#!/usr/bin/env bash
# Session 20: four of the misses of ../all/ without and then with -XX:ObjectAlignmentInBytes=64, in turn (a noisy
# window: rounds spread 1.3-2.3x, so it does not tell whether the flag changes the ratio). Same settings as ../all/run.sh.
set -euo pipefail
L="kde:20x1000 bpf:100x10000 ensf:100x40 enff-f2p:500x40"
SCALING_JVM_OPTS= jmh/scaling-check.sh jmh/results/scaling-s20/flag-ab/without "$L"
jmh/scaling-check.sh jmh/results/scaling-s20/flag-ab/with "$L"
