# Sourced by the session scripts jmh/results/*/run.sh:  . jmh/session.sh OUT
# Sets $out (created) and an empty ledger $out/commands.tsv; run NAME COMMAND runs a JMH command with JSON output
# to $out/NAME.json and appends (file, date, command, 1-minute load) to the ledger, from which jmh/run-info.py
# writes run-info.json; probes runs the machine probe on 1 and 2 threads (probe-1t, probe-2t).
out=$1; mkdir -p "$out"; ledger=$out/commands.tsv; : > "$ledger"
run() { local name=$1; shift; local cmd="$* -rf json -rff $out/$name.json"; echo "+ $cmd"; eval "$cmd";
  printf '%s\t%s\t%s\t%s\n' "$name.json" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$cmd" "$(cut -d' ' -f1 /proc/loadavg)" >> "$ledger"; }
probe="-f 1 -wi 2 -w 1 -i 6 -r 1 -jvmArgsAppend \"--add-modules=jdk.incubator.vector -Xmx4g\""
probes() {
  run probe-1t "java -jar target/benchmarks.jar MachineProbe -t 1 $probe"
  run probe-2t "java -jar target/benchmarks.jar MachineProbe -t 2 $probe"
}
