#!/usr/bin/env bash
# Session 17, at 3a6b6ad (before the DOPRI5 error norm moved into the parallel blocks): the KDE analyses over 5 ms in
# ../../scaling/analysis.json and FlowDAS at three sizes, which the session-14 to -16 lists had left out.
# ThreadScalingCheck protocol as in ../all/run.sh. Run from the repository root after
# `mvn -q -B -P jmh -DskipTests package`, machine otherwise idle.
set -euo pipefail
jmh/scaling-check.sh jmh/results/scaling-s17/kde-before \
  "kde:20x1000 kde:20x10000 kde:100x40 kde:100x1000 kde:500x40 flowdas:20x40 flowdas:100x40 flowdas:20x1000" \
  "kde:20x100000 kde:100x10000 kde:500x1000 kde:2000x40"
