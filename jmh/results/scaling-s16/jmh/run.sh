#!/usr/bin/env bash
# Session 16: the ETKF and EnKF-PO analyses that StreamedProducts takes over (N = 20, identity h, d = p >= 10^4),
# before (2683571: ObservedEnsemble arrays, Dense.cross, Dense.transform) and after (df8ca46), JMH, one fork each,
# 3 x 1 s warm-up, 5 x 1 s measured, 1 and 2 threads. Run from the repository root after
# `mvn -q -B -P jmh -DskipTests package`; OLD_JAR is target/benchmarks.jar built the same way at 2683571 (e.g. in a
# git worktree). Machine otherwise idle.
set -euo pipefail
. jmh/session.sh jmh/results/scaling-s16/jmh
cfg="etkf:20x10000,etkf:20x100000,etkf:20x1000000,enkf:20x10000,enkf:20x100000,enkf:20x1000000"
opts="-p threads=1,2 -f 1 -wi 3 -w 1 -i 5 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx13g\""
run before-2683571 "java -jar $OLD_JAR AnalysisBench -p config=$cfg $opts"
run after-df8ca46 "java -jar target/benchmarks.jar AnalysisBench -p config=$cfg $opts"
python3 jmh/run-info.py jmh/results/scaling-s16/jmh
