#!/usr/bin/env python3
"""Writes OUT/run-info.json (what bench-report cites for each result file: machine, date, load, exact command)
from the ledger OUT/commands.tsv that the session scripts in jmh/results/*/run.sh append to (file, date, command,
load). Ledger entries in subfolders (bracket/…, not in the report command) are left out.

Usage: python3 jmh/run-info.py OUT [PROFILE]   (PROFILE defaults to "acceptance")
"""
import json, os, subprocess, sys

out = sys.argv[1]
profile = sys.argv[2] if len(sys.argv) > 2 else "acceptance"
rows = [l.rstrip('\n').split('\t') for l in open(os.path.join(out, 'commands.tsv')) if l.strip()]
rows = [r for r in rows if '/' not in r[0]]
java = subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]
git = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
mem = os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES')
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), 'unknown')
u = os.uname()
info = {"kind": "enflow-bench-run", "profile": profile, "date": rows[-1][1], "git": git, "java": java,
        "machine": {"cpu": cpu, "available_processors": os.cpu_count(), "memory_bytes": mem, "os": f"{u.sysname} {u.release} {u.machine}"},
        "dates": {r[0]: r[1] for r in rows}, "loads": {r[0]: r[3] for r in rows}, "commands": {r[0]: r[2] for r in rows}}
json.dump(info, open(os.path.join(out, 'run-info.json'), 'w'), indent=2)
