#!/usr/bin/env bash
# Session 16: the ETKF and EnKF-PO at N = 100 that StreamedProducts takes over from 90321b3 (N <= 128), before
# (2683571: ObservedEnsemble arrays, packed Gram panels, Dense.transform) and after (90321b3), JMH, one fork each,
# 2 x 1 s warm-up, 3 x 1 s measured (at least one call per iteration), 1 and 2 threads. Run from the repository root
# after `mvn -q -B -P jmh -DskipTests package`; OLD_JAR is target/benchmarks.jar built the same way at 2683571 (e.g. in
# a git worktree). Machine otherwise idle.
set -euo pipefail
. jmh/session.sh jmh/results/scaling-s16/jmh-n100
cfg="enkf:100x10000,etkf:100x100000,enkf:100x100000,etkf:100x1000000,enkf:100x1000000"
opts="-p threads=1,2 -f 1 -wi 2 -w 1 -i 3 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx13g\""
run before-2683571 "java -jar $OLD_JAR AnalysisBench -p config=$cfg $opts"
run after-90321b3 "java -jar target/benchmarks.jar AnalysisBench -p config=$cfg $opts"
python3 jmh/run-info.py jmh/results/scaling-s16/jmh-n100
