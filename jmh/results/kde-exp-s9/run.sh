#!/usr/bin/env bash
# The session-9 KDE right-hand side and exp-rate measurements (run from a clean clone, machine otherwise idle).
set -euo pipefail
. jmh/session.sh jmh/results/kde-exp-s9
probes
run kde-rhs "java -jar target/benchmarks.jar KdeRhsBench -p threads=1,2 -f 3 -wi 3 -w 1 -i 5 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx13g\""
run probe-1t-after "java -jar target/benchmarks.jar MachineProbe -t 1 $probe"
run probe-2t-after "java -jar target/benchmarks.jar MachineProbe -t 2 $probe"
# Then, at commit 6e21ab7 and again at a1c686a (the exp underflow shortcut), the dense-path EnFF/EnSF analyses:
#   java -jar target/benchmarks.jar AnalysisBench -p config=enff-f2p:2000x40,enff-f2p:500x40,enff-f2p:500x1000,enff-ot:500x40,ensf:500x40 \
#     -p threads=1,2 -f 2 -wi 2 -w 1 -i 3 -r 1 -jvmArgsAppend "--add-modules=jdk.incubator.vector -Xmx13g" -rf json -rff jmh/results/kde-exp-s9/analysis-N-COMMIT.json
