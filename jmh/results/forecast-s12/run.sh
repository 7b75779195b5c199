#!/usr/bin/env bash
# Session 12: the L96 forecast of issue 4 (20 members, d = 10^6, 10 steps, RK4 3/8 rule) after the large-d block
# went from 1024 to 512 components, with the machine probe of the same window. Run from the repository root of a
# clean clone after `mvn -q -B -ntp -P jmh -DskipTests package`, machine otherwise idle. BASE=path/to/benchmarks.jar
# of the commit before (6ae7c0f) also runs the same forecast rows on it, alternating, into bracket/ (not in the
# report command). Running it again overwrites the committed files.
set -euo pipefail
out=jmh/results/forecast-s12; mkdir -p $out; ledger=$out/commands.tsv; : > $ledger
run() { local name=$1; shift; local cmd="$* -rf json -rff $out/$name.json"; echo "+ $cmd"; eval "$cmd";
  printf '%s\t%s\t%s\t%s\n' "$name.json" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$cmd" "$(cut -d' ' -f1 /proc/loadavg)" >> $ledger; }
probe="-f 1 -wi 2 -w 1 -i 6 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx4g\""
fc="-p config=l96:20x1000000 -p threads=1,2 -f 2 -wi 2 -w 1 -i 5 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx6g\""
run probe-1t "java -jar target/benchmarks.jar MachineProbe -t 1 $probe"
run probe-2t "java -jar target/benchmarks.jar MachineProbe -t 2 $probe"
run forecast "java -jar target/benchmarks.jar ForecastBench $fc"
if [ -n "${BASE:-}" ]; then
  mkdir -p $out/bracket
  for k in 1 2; do
    run bracket/base-$k "java -jar $BASE ForecastBench $fc"
    run bracket/new-$k "java -jar target/benchmarks.jar ForecastBench $fc"
  done
fi
python3 - "$out" <<'PY'
import json, os, subprocess, sys
out = sys.argv[1]
rows = [l.rstrip('\n').split('\t') for l in open(os.path.join(out, 'commands.tsv')) if l.strip()]
main = [r for r in rows if not r[0].startswith('bracket/')]
java = subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]
git = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
mem = os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES')
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), 'unknown')
u = os.uname()
info = {"kind": "enflow-bench-run", "profile": "acceptance", "date": main[-1][1], "git": git, "java": java,
        "machine": {"cpu": cpu, "available_processors": os.cpu_count(), "memory_bytes": mem, "os": f"{u.sysname} {u.release} {u.machine}"},
        "dates": {r[0]: r[1] for r in main}, "loads": {r[0]: r[3] for r in main}, "commands": {r[0]: r[2] for r in main}}
json.dump(info, open(os.path.join(out, 'run-info.json'), 'w'), indent=2)
PY
