#!/usr/bin/env bash
# Session 20, on the lent GPU machine (device tool, nvidia-h100-x1: 16 vCPUs, no JDK there): the misses and near misses
# of ../all/ through jmh/scaling-check.sh with a carried jlink image (see jmh/gpu/lent.sh for how .dev/ is prepared):
#   device run, carry [".dev/jre.tar.xz", ".dev/benchmarks.jar"]:
#   mkdir -p /tmp/jre && tar -C /tmp/jre --strip-components=1 -xJf .dev/jre.tar.xz; mkdir -p target && cp .dev/benchmarks.jar target/
#   PATH=/tmp/jre/bin:$PATH jmh/scaling-check.sh $OUT/lent-s20 "enkf:500x1000 etkf:500x1000 bpf:20x100000 bpf:100x10000 \
#     bpf:2000x1000 ensf:100x40 kde:20x1000 enff-f2p:500x40 ensf:500x40 enff-ot:100x40 etkf:2000x40 enkf:10000x40 ensf:20x1000 enff-f2p:20x10000"
# The device tool returns at most 8 files: the JSON of six analyses (etkf 500x1000 and 2000x40, EnSF 100x40, 500x40 and
# 20x1000, KDE 20x1000) and summary.txt did not come back; summary.txt here is the command's printed summary.
