package org.enflow.filter.classical;

/** Placeholder until the Vector API kernel lands: delegates to the scalar twin. */
final class LocalTransformVector implements LocalTransform {
    private final LocalTransformScalar s;

    LocalTransformVector(int members) {
        s = new LocalTransformScalar(members, 8);
    }

    @Override
    public void group(LocalProblem pb, int k0, int lanes, int[] obs, int count) {
        s.group(pb, k0, lanes, obs, count);
    }

    @Override
    public int lanes() {
        return 8;
    }
}
