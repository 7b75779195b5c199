#!/usr/bin/env bash
# The session-10 flow-engine measurements (EM noise drawn per chunk, vector clamp, one-hot certification):
# the d = 10^6 analyses of issue 4 on JDK 17 and JDK 25, and the moderate-d EnFF/EnSF rows of the thread-scaling
# list. Run from the repository root of a clean clone after `mvn -q -B -ntp -P jmh -DskipTests package`, machine
# otherwise idle. Running it again overwrites the committed files.
set -euo pipefail
. jmh/session.sh jmh/results/flow-s10
j25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
large="-p config=enff-f2p:20x1000000,enff-ot:20x1000000,ensf:20x1000000 -f 1 -wi 2 -w 1 -i 3 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx13g\""
probes
run large-jdk17 "java -jar target/benchmarks.jar AnalysisBench -p threads=1,2 $large"
[ -x $j25 ] && run large-jdk25 "$j25 -jar target/benchmarks.jar AnalysisBench -p threads=1,2 $large"
# The d = 10^6 rows again on JDK 25, 2 threads only, with more forks and iterations (the first run's error bars were
# ±40 % in a noisy window):
[ -x $j25 ] && run large-jdk25-2t "$j25 -jar target/benchmarks.jar AnalysisBench -p threads=2 -p config=enff-f2p:20x1000000,enff-ot:20x1000000 -f 2 -wi 2 -w 1 -i 5 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx13g\""
[ -x $j25 ] && run large-jdk25-ensf-2t "$j25 -jar target/benchmarks.jar AnalysisBench -p threads=2 -p config=ensf:20x1000000 -f 1 -wi 2 -w 1 -i 5 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx13g\""
# At the final commit of the session (certification predicted only from the second evaluation on), F2P again:
[ -x $j25 ] && run f2p-final-jdk25-2t "$j25 -jar target/benchmarks.jar AnalysisBench -p threads=2 -p config=enff-f2p:20x1000000 -f 2 -wi 2 -w 1 -i 5 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx13g\""
# The fused kernel of issue 4's acceptance (N = 2000, d = 40 and 256, 2 threads), unchanged since session 9, again:
run fused-2t "java -jar target/benchmarks.jar FusedSoftmaxBench -p shape=2000x40,2000x256 -p threads=2 -f 2 -wi 3 -w 1 -i 5 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx13g\""
run moderate "java -jar target/benchmarks.jar AnalysisBench -p config=enff-f2p:20x10000,enff-f2p:100x10000,enff-ot:20x10000,ensf:20x1000,ensf:20x10000,ensf:20x100000 -p threads=1,2 -f 2 -wi 2 -w 1 -i 3 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx13g\""
python3 jmh/run-info.py "$out"
