#!/usr/bin/env bash
# The session-10 flow-engine measurements (EM noise drawn per chunk, vector clamp, one-hot certification):
# the d = 10^6 analyses of issue 4 on JDK 17 and JDK 25, and the moderate-d EnFF/EnSF rows of the thread-scaling
# list. Run from the repository root of a clean clone after `mvn -q -B -ntp -P jmh -DskipTests package`, machine
# otherwise idle. Running it again overwrites the committed files.
set -euo pipefail
out=jmh/results/flow-s10; mkdir -p $out; ledger=$out/commands.tsv; : > $ledger
j25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
run() { local name=$1; shift; local cmd="$* -rf json -rff $out/$name.json"; echo "+ $cmd"; eval "$cmd";
  printf '%s\t%s\t%s\t%s\n' "$name.json" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$cmd" "$(cut -d' ' -f1 /proc/loadavg)" >> $ledger; }
probe="-f 1 -wi 2 -w 1 -i 6 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx4g\""
large="-p config=enff-f2p:20x1000000,enff-ot:20x1000000,ensf:20x1000000 -f 1 -wi 2 -w 1 -i 3 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx13g\""
run probe-1t "java -jar target/benchmarks.jar MachineProbe -t 1 $probe"
run probe-2t "java -jar target/benchmarks.jar MachineProbe -t 2 $probe"
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
python3 - "$out" <<'PY'
import json, subprocess, sys, os
out = sys.argv[1]
rows = [l.rstrip('\n').split('\t') for l in open(os.path.join(out, 'commands.tsv')) if l.strip()]
java = subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]
git = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
mem = os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES')
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), 'unknown')
u = os.uname()
info = {"kind": "enflow-bench-run", "profile": "acceptance", "date": rows[-1][1], "git": git, "java": java,
        "machine": {"cpu": cpu, "available_processors": os.cpu_count(), "memory_bytes": mem, "os": f"{u.sysname} {u.release} {u.machine}"},
        "dates": {r[0]: r[1] for r in rows}, "loads": {r[0]: r[3] for r in rows}, "commands": {r[0]: r[2] for r in rows}}
json.dump(info, open(os.path.join(out, 'run-info.json'), 'w'), indent=2)
PY
