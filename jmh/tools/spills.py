#!/usr/bin/env python3
"""Vector registers kept on the stack inside C2-compiled loops (see docs/kernels.md, "No vector on the stack").

Usage, from the repository root after `mvn -q -B -P jmh -DskipTests package`, with an hsdis plugin on
LD_LIBRARY_PATH (Debian: `apt-get install libhsdis0-fcml`, then copy /usr/lib/x86_64-linux-gnu/libhsdis.so.0 to
DIR/hsdis-amd64.so and put DIR on LD_LIBRARY_PATH):

    java --add-modules=jdk.incubator.vector -XX:+UnlockDiagnosticVMOptions \
        '-XX:CompileCommand=print,org.enflow.*::*' -XX:CompileCommand=quiet \
        -cp target/benchmarks.jar org.enflow.bench.ThreadScalingCheck --rounds 1 ensf:20x10000 > asm.txt
    python3 jmh/tools/spills.py asm.txt

The FCML plugin prints each method's machine code as hex; this script cuts it per compiled method (C2, not OSR),
decodes it with `objdump -D -b binary -m i386:x86-64`, finds the innermost loops (backward jumps that contain no
other) with at least 8 vector instructions, and prints those that store or load a ymm register at an rsp offset.
A store and a load of the same slot every iteration is a spilled accumulator or temporary; loads alone are spilled
constants. Loops that call out (uncommon traps, slow paths) also save vectors; read the loop before acting on a hit.
"""
import re
import subprocess
import sys
import tempfile

HEADER = re.compile(r'Compiled method \((c1|c2)\)\s+\d+\s+\d+\s+([%sbn! ]*?)\s*(\d)\s+(\S+)')
CODE = re.compile(r'\s*0x([0-9a-f]+): (.*)')
INSN = re.compile(r'\s*([0-9a-f]+):\s+(?:[0-9a-f]{2} )+\s*(.*)')
JUMP = re.compile(r'j\w+\s+0x([0-9a-f]+)')
STORE = re.compile(r'%ymm\d+,-?0x[0-9a-f]+\(%rsp\)')
LOAD = re.compile(r'\(%rsp\),%ymm')


def methods(lines):
    current = None
    for line in lines:
        m = HEADER.match(line)
        if m:
            if current:
                yield current
            current = {'c2': m.group(1) == 'c2', 'osr': '%' in m.group(2), 'name': m.group(4), 'code': bytearray(), 'stubs': False}
            continue
        if current is None:
            continue
        if line.startswith('[Stub Code]') or line.startswith('[Exception Handler]'):
            current['stubs'] = True
        m = CODE.match(line)
        if m and not current['stubs']:
            for word in m.group(2).replace('|', ' ').split():
                if re.fullmatch(r'[0-9a-f]+', word) and len(word) % 2 == 0:
                    current['code'] += bytes.fromhex(word)
    if current:
        yield current


def main(path):
    with open(path, errors='replace') as f:
        lines = f.read().split('\n')
    seen = set()
    for method in methods(lines):
        if not method['c2'] or method['osr'] or not method['code']:
            continue
        with tempfile.NamedTemporaryFile(suffix='.bin') as tmp:
            tmp.write(method['code'])
            tmp.flush()
            listing = subprocess.run(['objdump', '-D', '-b', 'binary', '-m', 'i386:x86-64', tmp.name],
                                     capture_output=True, text=True, check=True).stdout
        insns = [(int(m.group(1), 16), m.group(2).strip()) for m in map(INSN.match, listing.split('\n')) if m]
        loops = [(int(m.group(1), 16), at) for at, text in insns for m in [JUMP.match(text)] if m and int(m.group(1), 16) < at]
        inner = [l for l in loops if not any(o != l and l[0] <= o[0] and o[1] <= l[1] for o in loops)]
        for lo, hi in inner:
            body = [text for at, text in insns if lo <= at <= hi]
            vector = sum('ymm' in t for t in body)
            if vector < 8:
                continue
            stores = sum(1 for t in body if STORE.search(t))
            loads = sum(1 for t in body if LOAD.search(t))
            line = f"{method['name']}: loop {lo:x}-{hi:x}, {len(body)} instructions ({vector} vector): {stores} vector stores, {loads} vector loads at rsp"
            if stores + loads and line not in seen:
                seen.add(line)
                print(line)


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: spills.py ASM.txt (the output of -XX:CompileCommand=print with an hsdis plugin)')
    main(sys.argv[1])
