#!/usr/bin/env bash
# Session 17: with ThreadScalingCheck's equal call counts per state (the 2-thread state and the pair make as many calls
# per round as the 1-thread state took for --round-ms; before, the counts followed the time, and the KDE filter, whose
# work depends on its draws, compared different calls): every KDE analysis over 5 ms, and the analyses under 1.8x in
# ../all. Same protocol otherwise. Run from the repository root after `mvn -q -B -P jmh -DskipTests package`, machine
# otherwise idle. summary.txt's header names 6d98f64, HEAD when this started: the harness change was in the working tree
# the jar was built from and was committed as 16b5133 a minute later (the library code is 6d98f64's).
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s17/recheck \
  "kde:20x1000 kde:20x10000 kde:100x40 kde:100x1000 kde:500x40 enkf:10000x40 enff-f2p:20x10000 enff-ot:20x10000 ensf:20x1000 bpf:500x1000" \
  "kde:20x100000 kde:100x10000 kde:500x1000 kde:2000x40 enff-f2p:100x10000 enff-ot:100x10000 enff-ot:100x100000 ensf:20x10000 ensf:100x1000 ensf:100x10000"
