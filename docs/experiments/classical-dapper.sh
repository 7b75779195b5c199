#!/usr/bin/env bash
# DAPPER reproduction runs for the classical filters (docs/filters.md). Run from the repository
# root after `mvn -q -B -o test-compile`. One run at a time; results go to stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
# ENFLOW_CLASSES may point at a copy of target/classes and target/test-classes (so a rebuild cannot disturb a run).
C="${ENFLOW_CLASSES:-target}"
CP="$C/classes:$C/test-classes:$(find ~/.m2/repository/org/apache/commons/commons-rng-* -name '*1.6.jar' | tr '\n' ':')"
R() { java --add-modules jdk.incubator.vector -cp "$CP" org.enflow.filter.classical.DapperReproduction "$@" 2>&1 | grep -v WARNING; }
SEEDS5=462133975,979497033,97616566,715319214,19704671
SEEDS3=462133975,979497033,97616566
# L96 Sakov & Oke 2008: 10^4 analysis cycles after 400 burn-in cycles (20 time units).
SEEDS10=$SEEDS5,1,2,3,4,5
R l96 etkf 40 10400 400 1 $SEEDS10 inflation=1.013 rotate=true
R l96 etkf 40 10400 400 1 $SEEDS10 inflation=1.013 rotate=false
R l96 etkf 40 10400 400 1 $SEEDS10 inflation=1.02 rotate=true
R l96 etkf 24 10400 400 1 $SEEDS10 inflation=1.013 rotate=true
R l96 enkf 40 10400 400 1 $SEEDS5 inflation=1.06
R l96 enkf 40 10400 400 1 $SEEDS5 inflation=1.06 center_perturbations=true
R l96 letkf 7 10400 400 1 $SEEDS5 inflation=1.04 loc_radius=4 rotate=true
R l96 letkf 10 10400 400 1 $SEEDS5 inflation=1.02 loc_radius=4 rotate=true
R l96 bpf 3000 10400 400 2 $SEEDS3 resample_threshold=0.5 jitter=0.7
# L63 Sakov 2012: obs every 25 steps of 0.01, R = 2I; 10^4 analysis cycles after 64 burn-in cycles (16 time units).
R l63 etkf 10 10064 64 1 $SEEDS5 inflation=1.02 rotate=true
R l63 enkf 10 10064 64 1 $SEEDS5 inflation=1.04
R l63 bpf 800 10064 64 1 $SEEDS5 resample_threshold=0.2 jitter=0.9
