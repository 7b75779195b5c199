package org.enflow.filter.classical;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The LETKF local transform with one grid point per SIMD lane (see {@link LocalTransform} for the
 * algorithm). Arrays are lane-interleaved, [row][col][lane], so every scalar of the per-point algorithm
 * becomes one vector operation over {@code SPECIES.length()} grid points. Only loaded when
 * {@link org.enflow.kernel.Vectorization#enabled()}; {@link LocalTransformScalar} is its twin.
 */
final class LocalTransformVector implements LocalTransform {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final double EPS = LocalTransformScalar.EPS;
    private static final int MAX_STEPS = LocalTransformScalar.MAX_STEPS;

    /** N members; n = N − 1, the order of the reduced local problem (see {@link LocalTransform}); n1 = n + 1. */
    private final int members, n, n1;
    /** e = 1/√N and the reflection's coefficients τe, τe² (τ = 1/(1 − e)). */
    private final double e, te, te2;
    private final double[] laneIndex = new double[L];
    private final Block first, second;
    private final Block[] one, two;
    private int steps;
    private int[] stepHi = new int[0], stepStart = new int[0];

    /** The lane-interleaved workspace of one group of grid points. */
    private static final class Block {
        double[] sr = new double[0]; // √ρ [q][lane]
        double[] z = new double[0]; // [q][i][lane], i ≤ N (row N: the innovation)
        final double[] gram; // (N+1)×(N+1) lower
        final double[] a; // N×N working matrix
        final double[] refl; // [k][i][lane]
        final double[] tau, dg, of, u, h, t, w, a0, r0, r1;
        final double[] cnt = new double[L], mu = new double[L], tmp = new double[L], pp = new double[L],
                qq = new double[L], act = new double[L], cprev = new double[L];
        double[] cs = new double[0], sn = new double[0];
        int k0, valid;

        Block(int n, int members) {
            int n1 = n + 1;
            gram = new double[n1 * n1 * L];
            a = new double[n * n * L];
            refl = new double[n * n * L];
            tau = new double[n * L];
            dg = new double[n * L];
            of = new double[n * L];
            u = new double[n * L];
            h = new double[n * L];
            t = new double[n * L];
            w = new double[n * L];
            a0 = new double[members * L];
            r0 = new double[n * L];
            r1 = new double[n * L];
        }
    }

    LocalTransformVector(int members) {
        this.members = members;
        this.n = members - 1;
        this.n1 = n + 1;
        this.e = 1 / Math.sqrt(members);
        this.te = e / (1 - e);
        this.te2 = e * te;
        for (int l = 0; l < L; l++) laneIndex[l] = l;
        this.first = new Block(n, members);
        this.second = new Block(n, members);
        this.one = new Block[] {first};
        this.two = new Block[] {first, second};
    }

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void group(LocalProblem pb, int k0, int valid, int[] obs, int count) {
        prepare(first, pb, k0, valid, obs, count);
        solve(one, pb);
    }

    /**
     * Two neighbouring groups at once: their QR sweeps and rotation replays are dependency chains
     * (each rotation needs the previous one), so running two independent groups in the same loop lets
     * the CPU overlap them.
     */
    @Override
    public void pair(LocalProblem pb, int k0, int[] obs0, int count0, int valid1, int[] obs1, int count1) {
        prepare(first, pb, k0, L, obs0, count0);
        prepare(second, pb, k0 + L, valid1, obs1, count1);
        solve(two, pb);
    }

    private void prepare(Block b, LocalProblem pb, int k0, int valid, int[] obs, int count) {
        b.k0 = k0;
        b.valid = valid;
        if (b.sr.length < count * L) {
            b.sr = new double[count * L];
            b.z = new double[count * n1 * L];
        }
        taper(b, pb, k0, valid, obs, count);
        weightRows(b, pb, obs, count);
        gram(b, count);
        fillMatrix(b);
        tridiagonalize(b);
        loadAnomalies(b, pb, k0, valid);
        for (int j = 0; j < n; j++) DoubleVector.fromArray(S, b.gram, (n * n1 + j) * L).intoArray(b.h, j * L);
        for (int k = 0; k < n - 2; k++) reflector2(b, k, b.u, b.h);
    }

    private void solve(Block[] bs, LocalProblem pb) {
        diagonalize(bs);
        for (Block b : bs) finishCoordinates(b, pb.inflation);
        replay(bs);
        if (bs.length == 2) {
            for (int k = n - 3; k >= 0; k--) reflectorPair(bs[0], bs[1], k);
        } else {
            for (int k = n - 3; k >= 0; k--) reflector(bs[0], k, bs[0].t);
        }
        for (Block b : bs) store(b, pb, b.k0, b.valid);
    }

    // ---- tapers and the weighted Gram matrix ----

    private void taper(Block b, LocalProblem pb, int k0, int valid, int[] obs, int count) {
        DoubleVector lanes = DoubleVector.fromArray(S, laneIndex, 0);
        DoubleVector k = lanes.add(k0);
        VectorMask<Double> inRange = lanes.compare(VectorOperators.LT, valid);
        DoubleVector invC = DoubleVector.broadcast(S, 1 / pb.halfWidth);
        double period = pb.period, cut = pb.cutoff;
        DoubleVector counts = DoubleVector.zero(S);
        double[] sr = b.sr;
        for (int q = 0; q < count; q++) {
            DoubleVector delta = k.sub(pb.positions[obs[q]]).lanewise(VectorOperators.ABS);
            delta = delta.min(DoubleVector.broadcast(S, period).sub(delta));
            DoubleVector rho = gaspariCohn(delta.mul(invC));
            VectorMask<Double> local = rho.compare(VectorOperators.GT, cut).and(inRange);
            rho = DoubleVector.zero(S).blend(rho, local);
            counts = counts.add(DoubleVector.zero(S).blend(1.0, local));
            rho.lanewise(VectorOperators.SQRT).intoArray(sr, q * L);
        }
        counts.intoArray(b.cnt, 0);
    }

    /** GC(r), both polynomial branches evaluated and blended (uniform control flow). */
    private static DoubleVector gaspariCohn(DoubleVector r) {
        DoubleVector r2 = r.mul(r);
        DoubleVector inner = r.fma(-0.25, 0.5).fma(r, bc(5.0 / 8)).fma(r, bc(-5.0 / 3)).fma(r2, bc(1.0));
        DoubleVector outer = r.fma(1.0 / 12, -0.5).fma(r, bc(5.0 / 8)).fma(r, bc(5.0 / 3)).fma(r, bc(-5.0)).fma(r, bc(4.0))
                .sub(bc(2.0 / 3).div(r));
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector v = zero.blend(outer, r.compare(VectorOperators.LT, 2.0));
        return v.blend(inner, r.compare(VectorOperators.LE, 1.0));
    }

    private static DoubleVector bc(double v) {
        return DoubleVector.broadcast(S, v);
    }

    private void weightRows(Block b, LocalProblem pb, int[] obs, int count) {
        int p = pb.p;
        double[] yh = pb.whitened, dh = pb.innovation, z = b.z;
        for (int q = 0; q < count; q++) {
            int o = obs[q];
            DoubleVector s = DoubleVector.fromArray(S, b.sr, q * L);
            int zq = q * n1 * L;
            // (Hŷ)_{i+1} = ŷ_{i+1} + τe ŷ_0 (the whitened anomalies sum to zero over the members).
            double y0 = te * yh[o];
            for (int i = 0; i < n; i++) s.mul(yh[(i + 1) * p + o] + y0).intoArray(z, zq + i * L);
            s.mul(dh[o]).intoArray(z, zq + n * L);
        }
    }

    /**
     * gram[i][j] = Σ_q z[q][i] z[q][j] for j ≤ i ≤ N: 2×4 register tiles (6 loads per 8 FMAs) that cover
     * each row pair up to its diagonal; the few entries right of the diagonal they also compute land in
     * the unused upper triangle. Single-entry sums are latency-bound chains (one FMA per observation),
     * so they are left only where a tile would run past column N.
     */
    private void gram(Block b, int count) {
        int i = 0;
        for (; i + 1 < n1; i += 2) {
            int j = 0;
            for (; j <= i + 1 && j + 3 < n1; j += 4) gram8(b.z, b.gram, i, j, count);
            for (int jj = j; jj <= i; jj++) gram1(b.z, b.gram, i, jj, count);
            for (int jj = j; jj <= i + 1; jj++) gram1(b.z, b.gram, i + 1, jj, count);
        }
        if (i < n1) {
            int j = 0;
            for (; j <= i && j + 3 < n1; j += 4) gram4(b.z, b.gram, i, j, count);
            for (; j <= i; j++) gram1(b.z, b.gram, i, j, count);
        }
    }

    private void gram8(double[] z, double[] gram, int i, int j, int count) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0, d0 = c0, d1 = c0, d2 = c0, d3 = c0;
        int stride = n1 * L, oi = i * L, oj = j * L;
        for (int q = 0, zq = 0; q < count; q++, zq += stride) {
            DoubleVector zi = DoubleVector.fromArray(S, z, zq + oi), zk = DoubleVector.fromArray(S, z, zq + oi + L);
            DoubleVector y0 = DoubleVector.fromArray(S, z, zq + oj), y1 = DoubleVector.fromArray(S, z, zq + oj + L);
            DoubleVector y2 = DoubleVector.fromArray(S, z, zq + oj + 2 * L), y3 = DoubleVector.fromArray(S, z, zq + oj + 3 * L);
            c0 = zi.fma(y0, c0);
            c1 = zi.fma(y1, c1);
            c2 = zi.fma(y2, c2);
            c3 = zi.fma(y3, c3);
            d0 = zk.fma(y0, d0);
            d1 = zk.fma(y1, d1);
            d2 = zk.fma(y2, d2);
            d3 = zk.fma(y3, d3);
        }
        int g = (i * n1 + j) * L, h = g + n1 * L;
        c0.intoArray(gram, g);
        c1.intoArray(gram, g + L);
        c2.intoArray(gram, g + 2 * L);
        c3.intoArray(gram, g + 3 * L);
        d0.intoArray(gram, h);
        d1.intoArray(gram, h + L);
        d2.intoArray(gram, h + 2 * L);
        d3.intoArray(gram, h + 3 * L);
    }

    private void gram4(double[] z, double[] gram, int i, int j, int count) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int stride = n1 * L, oi = i * L, oj = j * L;
        for (int q = 0, zq = 0; q < count; q++, zq += stride) {
            DoubleVector zi = DoubleVector.fromArray(S, z, zq + oi);
            c0 = zi.fma(DoubleVector.fromArray(S, z, zq + oj), c0);
            c1 = zi.fma(DoubleVector.fromArray(S, z, zq + oj + L), c1);
            c2 = zi.fma(DoubleVector.fromArray(S, z, zq + oj + 2 * L), c2);
            c3 = zi.fma(DoubleVector.fromArray(S, z, zq + oj + 3 * L), c3);
        }
        int g = (i * n1 + j) * L;
        c0.intoArray(gram, g);
        c1.intoArray(gram, g + L);
        c2.intoArray(gram, g + 2 * L);
        c3.intoArray(gram, g + 3 * L);
    }

    private void gram1(double[] z, double[] gram, int i, int j, int count) {
        DoubleVector c0 = DoubleVector.zero(S);
        int stride = n1 * L, oi = i * L, oj = j * L;
        for (int q = 0, zq = 0; q < count; q++, zq += stride)
            c0 = DoubleVector.fromArray(S, z, zq + oi).fma(DoubleVector.fromArray(S, z, zq + oj), c0);
        c0.intoArray(gram, (i * n1 + j) * L);
    }

    /** a = C̃ = (N−1)I + gram[0..n)[0..n), lower triangle (the tridiagonalization only reads and writes j ≤ i). */
    private void fillMatrix(Block b) {
        double[] a = b.a, gram = b.gram;
        for (int i = 0; i < n; i++) {
            System.arraycopy(gram, i * n1 * L, a, i * n * L, (i + 1) * L);
            int o = (i * n + i) * L;
            DoubleVector.fromArray(S, a, o).add(members - 1).intoArray(a, o);
        }
    }

    // ---- Householder tridiagonalization ----

    private void tridiagonalize(Block b) {
        for (int k = 0; k < n - 2; k++) householderStep(b, k);
        double[] a = b.a;
        for (int i = 0; i < n; i++) DoubleVector.fromArray(S, a, (i * n + i) * L).intoArray(b.dg, i * L);
        if (n >= 2) DoubleVector.fromArray(S, a, ((n - 1) * n + n - 2) * L).intoArray(b.of, (n - 2) * L);
        DoubleVector.zero(S).intoArray(b.of, (n - 1) * L);
    }

    private void householderStep(Block b, int k) {
        double[] a = b.a, refl = b.refl, w = b.w;
        int m0 = k + 1, vk = k * n * L;
        DoubleVector sumsq = DoubleVector.zero(S);
        for (int i = m0; i < n; i++) {
            DoubleVector x = DoubleVector.fromArray(S, a, (i * n + k) * L);
            x.intoArray(refl, vk + i * L);
            sumsq = x.fma(x, sumsq);
        }
        DoubleVector norm = sumsq.lanewise(VectorOperators.SQRT);
        DoubleVector x0 = DoubleVector.fromArray(S, a, (m0 * n + k) * L);
        DoubleVector alpha = norm.blend(norm.neg(), x0.compare(VectorOperators.GE, 0.0));
        DoubleVector tk = DoubleVector.broadcast(S, 1.0).div(norm.mul(norm.add(x0.lanewise(VectorOperators.ABS))));
        tk = tk.blend(0.0, norm.compare(VectorOperators.EQ, 0.0));
        x0.sub(alpha).intoArray(refl, vk + m0 * L);
        tk.intoArray(b.tau, k * L);
        alpha.intoArray(b.of, k * L);
        // w = τ A22 v (A22 symmetric, lower triangle stored), then w −= (τ/2)(vᵀw) v; A22 −= v wᵀ + w vᵀ.
        int i = m0;
        for (; i + 3 < n; i += 4) matvec4(b, i, m0, vk, k);
        for (; i < n; i++) matvec1(b, i, m0, vk, k);
        DoubleVector vp = DoubleVector.zero(S);
        for (int r = m0; r < n; r++)
            vp = DoubleVector.fromArray(S, refl, vk + r * L).fma(DoubleVector.fromArray(S, w, r * L), vp);
        DoubleVector half = tk.mul(vp).mul(0.5);
        for (int r = m0; r < n; r++) {
            DoubleVector vr = DoubleVector.fromArray(S, refl, vk + r * L);
            DoubleVector.fromArray(S, w, r * L).sub(half.mul(vr)).intoArray(w, r * L);
        }
        for (int r = m0; r < n; r++) rank2Row(a, refl, w, r, m0, vk);
    }

    /** w_i = τ Σ_j A_ij v_j for rows i … i+3: A_ij from row i left of the block, from column i below it. */
    private void matvec4(Block b, int i, int m0, int vk, int k) {
        double[] a = b.a, refl = b.refl, w = b.w;
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int nl = n * L;
        int r0 = i * nl, r1 = r0 + nl, r2 = r1 + nl, r3 = r2 + nl;
        for (int j = m0; j < i; j++) {
            DoubleVector vj = DoubleVector.fromArray(S, refl, vk + j * L);
            int o = j * L;
            s0 = DoubleVector.fromArray(S, a, r0 + o).fma(vj, s0);
            s1 = DoubleVector.fromArray(S, a, r1 + o).fma(vj, s1);
            s2 = DoubleVector.fromArray(S, a, r2 + o).fma(vj, s2);
            s3 = DoubleVector.fromArray(S, a, r3 + o).fma(vj, s3);
        }
        // The 4×4 diagonal block, lower triangle: A[i+t][i+u] for u ≤ t, mirrored.
        DoubleVector v0 = DoubleVector.fromArray(S, refl, vk + i * L), v1 = DoubleVector.fromArray(S, refl, vk + (i + 1) * L);
        DoubleVector v2 = DoubleVector.fromArray(S, refl, vk + (i + 2) * L), v3 = DoubleVector.fromArray(S, refl, vk + (i + 3) * L);
        int c = i * L;
        DoubleVector a00 = DoubleVector.fromArray(S, a, r0 + c);
        DoubleVector a10 = DoubleVector.fromArray(S, a, r1 + c), a11 = DoubleVector.fromArray(S, a, r1 + c + L);
        DoubleVector a20 = DoubleVector.fromArray(S, a, r2 + c), a21 = DoubleVector.fromArray(S, a, r2 + c + L);
        DoubleVector a22 = DoubleVector.fromArray(S, a, r2 + c + 2 * L);
        DoubleVector a30 = DoubleVector.fromArray(S, a, r3 + c), a31 = DoubleVector.fromArray(S, a, r3 + c + L);
        DoubleVector a32 = DoubleVector.fromArray(S, a, r3 + c + 2 * L), a33 = DoubleVector.fromArray(S, a, r3 + c + 3 * L);
        s0 = a00.fma(v0, a10.fma(v1, a20.fma(v2, a30.fma(v3, s0))));
        s1 = a10.fma(v0, a11.fma(v1, a21.fma(v2, a31.fma(v3, s1))));
        s2 = a20.fma(v0, a21.fma(v1, a22.fma(v2, a32.fma(v3, s2))));
        s3 = a30.fma(v0, a31.fma(v1, a32.fma(v2, a33.fma(v3, s3))));
        for (int j = i + 4; j < n; j++) {
            DoubleVector vj = DoubleVector.fromArray(S, refl, vk + j * L);
            int o = j * nl + c;
            s0 = DoubleVector.fromArray(S, a, o).fma(vj, s0);
            s1 = DoubleVector.fromArray(S, a, o + L).fma(vj, s1);
            s2 = DoubleVector.fromArray(S, a, o + 2 * L).fma(vj, s2);
            s3 = DoubleVector.fromArray(S, a, o + 3 * L).fma(vj, s3);
        }
        DoubleVector tk = DoubleVector.fromArray(S, b.tau, k * L);
        s0.mul(tk).intoArray(w, i * L);
        s1.mul(tk).intoArray(w, (i + 1) * L);
        s2.mul(tk).intoArray(w, (i + 2) * L);
        s3.mul(tk).intoArray(w, (i + 3) * L);
    }

    private void matvec1(Block b, int i, int m0, int vk, int k) {
        double[] a = b.a, refl = b.refl;
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0;
        int nl = n * L, r0 = i * nl;
        for (int j = m0; j <= i; j++) s0 = DoubleVector.fromArray(S, a, r0 + j * L).fma(DoubleVector.fromArray(S, refl, vk + j * L), s0);
        for (int j = i + 1; j < n; j++) s1 = DoubleVector.fromArray(S, a, j * nl + i * L).fma(DoubleVector.fromArray(S, refl, vk + j * L), s1);
        s0.add(s1).mul(DoubleVector.fromArray(S, b.tau, k * L)).intoArray(b.w, i * L);
    }

    /** Row r of A22 −= v_r wᵀ + w_r vᵀ, lower triangle (columns m0 … r). */
    private void rank2Row(double[] a, double[] refl, double[] w, int r, int m0, int vk) {
        DoubleVector vr = DoubleVector.fromArray(S, refl, vk + r * L).neg();
        DoubleVector wr = DoubleVector.fromArray(S, w, r * L).neg();
        int row = r * n * L;
        for (int j = m0; j <= r; j++) {
            int o = row + j * L;
            DoubleVector aij = DoubleVector.fromArray(S, a, o);
            aij = vr.fma(DoubleVector.fromArray(S, w, j * L), aij);
            aij = wr.fma(DoubleVector.fromArray(S, refl, vk + j * L), aij);
            aij.intoArray(a, o);
        }
    }

    /** x ← H_k x = x − τ_k v_k (v_kᵀ x). */
    private void reflector(Block b, int k, double[] x) {
        double[] refl = b.refl;
        int vk = k * n * L;
        DoubleVector s = DoubleVector.zero(S);
        for (int i = k + 1; i < n; i++)
            s = DoubleVector.fromArray(S, refl, vk + i * L).fma(DoubleVector.fromArray(S, x, i * L), s);
        s = s.mul(DoubleVector.fromArray(S, b.tau, k * L)).neg();
        for (int i = k + 1; i < n; i++) {
            int o = i * L;
            DoubleVector.fromArray(S, refl, vk + o).fma(s, DoubleVector.fromArray(S, x, o)).intoArray(x, o);
        }
    }

    /** H_k of block a to a.t and of block c to c.t together (two independent reduction chains). */
    private void reflectorPair(Block a, Block c, int k) {
        int vk = k * n * L;
        double[] ra = a.refl, rc = c.refl, ta = a.t, tc = c.t;
        DoubleVector sa = DoubleVector.zero(S), sc = sa;
        for (int i = k + 1; i < n; i++) {
            int o = i * L;
            sa = DoubleVector.fromArray(S, ra, vk + o).fma(DoubleVector.fromArray(S, ta, o), sa);
            sc = DoubleVector.fromArray(S, rc, vk + o).fma(DoubleVector.fromArray(S, tc, o), sc);
        }
        sa = sa.mul(DoubleVector.fromArray(S, a.tau, k * L)).neg();
        sc = sc.mul(DoubleVector.fromArray(S, c.tau, k * L)).neg();
        for (int i = k + 1; i < n; i++) {
            int o = i * L;
            DoubleVector.fromArray(S, ra, vk + o).fma(sa, DoubleVector.fromArray(S, ta, o)).intoArray(ta, o);
            DoubleVector.fromArray(S, rc, vk + o).fma(sc, DoubleVector.fromArray(S, tc, o)).intoArray(tc, o);
        }
    }

    /** H_k applied to x and y together (two independent reduction chains). */
    private void reflector2(Block b, int k, double[] x, double[] y) {
        double[] refl = b.refl;
        int vk = k * n * L;
        DoubleVector sx = DoubleVector.zero(S), sy = sx;
        for (int i = k + 1; i < n; i++) {
            DoubleVector v = DoubleVector.fromArray(S, refl, vk + i * L);
            sx = v.fma(DoubleVector.fromArray(S, x, i * L), sx);
            sy = v.fma(DoubleVector.fromArray(S, y, i * L), sy);
        }
        DoubleVector tk = DoubleVector.fromArray(S, b.tau, k * L).neg();
        sx = sx.mul(tk);
        sy = sy.mul(tk);
        for (int i = k + 1; i < n; i++) {
            int o = i * L;
            DoubleVector v = DoubleVector.fromArray(S, refl, vk + o);
            v.fma(sx, DoubleVector.fromArray(S, x, o)).intoArray(x, o);
            v.fma(sy, DoubleVector.fromArray(S, y, o)).intoArray(y, o);
        }
    }

    /** a0 = the N members' anomalies of the group's components; u = (H a)_{1..N−1} = a_{i+1} + τe a_0. */
    private void loadAnomalies(Block b, LocalProblem pb, int k0, int valid) {
        double[] an = pb.anomalies, u = b.u, a0 = b.a0;
        int d = pb.d;
        for (int j = 0; j < members; j++) {
            if (valid == L) {
                DoubleVector.fromArray(S, an, j * d + k0).intoArray(a0, j * L);
            } else {
                for (int l = 0; l < L; l++) a0[j * L + l] = l < valid ? an[j * d + k0 + l] : 0;
            }
        }
        DoubleVector first = DoubleVector.fromArray(S, a0, 0).mul(te);
        for (int i = 0; i < n; i++) DoubleVector.fromArray(S, a0, (i + 1) * L).add(first).intoArray(u, i * L);
    }

    // ---- explicitly shifted QR on the tridiagonal, lane-uniform ----
    //
    // Values that flow from one rotation to the next (the running diagonal entry p, the bulge q, the
    // rotated u_k, h_k and cprev) stay in registers: a 512-bit store followed by a load of the same
    // (misaligned) address costs tens of cycles, which made these chains memory-bound.

    private void diagonalize(Block[] bs) {
        int rot = 0;
        steps = 0;
        for (int hi = n - 1; hi >= 1; hi--) {
            for (int step = 0; ; step++) {
                boolean any = false;
                for (Block b : bs) any |= unconverged(b, hi);
                if (!any) break;
                if (step == MAX_STEPS)
                    throw new IllegalStateException("LETKF local eigenproblem: no convergence after " + MAX_STEPS
                            + " QR steps (N = " + n + ")");
                if (steps == stepHi.length) {
                    stepHi = java.util.Arrays.copyOf(stepHi, Math.max(4 * n, 2 * steps));
                    stepStart = java.util.Arrays.copyOf(stepStart, stepHi.length);
                }
                stepHi[steps] = hi;
                stepStart[steps] = rot;
                steps++;
                for (Block b : bs) {
                    if (b.cs.length < (rot + hi) * L) {
                        int cap = Math.max((rot + hi) * L * 2, n * n * L * 4);
                        b.cs = java.util.Arrays.copyOf(b.cs, cap);
                        b.sn = java.util.Arrays.copyOf(b.sn, cap);
                    }
                    wilkinson(b, hi);
                }
                // Two blocks' rotation chains are independent: one loop over both lets the CPU overlap them.
                if (bs.length == 2) {
                    sweep2(bs[0], bs[1], hi, rot * L);
                    for (Block b : bs) rotateAlong(b, hi, rot * L);
                } else {
                    sweep(bs[0], hi, rot * L);
                }
                for (Block b : bs) rq(b, hi, rot * L);
                rot += hi;
            }
        }
    }

    /** act = 1 where the lane's eigenvalue hi has not converged; returns whether any lane is active. */
    private static boolean unconverged(Block b, int hi) {
        DoubleVector e = DoubleVector.fromArray(S, b.of, (hi - 1) * L).lanewise(VectorOperators.ABS);
        DoubleVector d0 = DoubleVector.fromArray(S, b.dg, (hi - 1) * L).lanewise(VectorOperators.ABS);
        DoubleVector d1 = DoubleVector.fromArray(S, b.dg, hi * L).lanewise(VectorOperators.ABS);
        VectorMask<Double> m = e.compare(VectorOperators.GT, d0.add(d1).mul(EPS));
        DoubleVector.zero(S).blend(1.0, m).intoArray(b.act, 0);
        return m.anyTrue();
    }

    /** Wilkinson shift μ from the trailing 2×2 block. */
    private static void wilkinson(Block b, int hi) {
        DoubleVector d0 = DoubleVector.fromArray(S, b.dg, (hi - 1) * L), d1 = DoubleVector.fromArray(S, b.dg, hi * L);
        DoubleVector off = DoubleVector.fromArray(S, b.of, (hi - 1) * L);
        DoubleVector delta = d0.sub(d1).mul(0.5);
        DoubleVector root = delta.fma(delta, off.mul(off)).lanewise(VectorOperators.SQRT);
        DoubleVector den = delta.add(root.blend(root.neg(), delta.compare(VectorOperators.LT, 0.0)));
        DoubleVector shift = d1.sub(off.mul(off).div(den)).blend(d1, den.compare(VectorOperators.EQ, 0.0));
        shift.intoArray(b.mu, 0);
    }

    /**
     * The QR factorization T − μI = G_0 ⋯ G_{hi−1} R of one block: rotation k zeroes (k+1, k) with
     * (c, s) from the running diagonal entry p and b_k; R's rows k (r0, r1) and the rotations are
     * recorded, and u, h are rotated along. Inactive lanes get exactly c = 1, s = 0 by feeding (p, b) = (1, 0).
     */
    private static void sweep(Block b, int hi, int ro) {
        double[] of = b.of, dg = b.dg, u = b.u, h = b.h;
        DoubleVector shift = DoubleVector.fromArray(S, b.mu, 0);
        VectorMask<Double> idle = DoubleVector.fromArray(S, b.act, 0).compare(VectorOperators.EQ, 0.0);
        DoubleVector p = DoubleVector.fromArray(S, dg, 0).sub(shift), q = DoubleVector.fromArray(S, of, 0);
        DoubleVector uc = DoubleVector.fromArray(S, u, 0), hc = DoubleVector.fromArray(S, h, 0);
        for (int k = 0; k < hi; k++) {
            int o = k * L, o1 = o + L;
            DoubleVector bk = DoubleVector.fromArray(S, of, o);
            DoubleVector ak1 = DoubleVector.fromArray(S, dg, o1).sub(shift);
            DoubleVector pe = p.blend(1.0, idle), be = bk.blend(0.0, idle);
            DoubleVector r = pe.fma(pe, be.mul(be)).lanewise(VectorOperators.SQRT);
            VectorMask<Double> zero = r.compare(VectorOperators.EQ, 0.0);
            DoubleVector inv = DoubleVector.broadcast(S, 1.0).div(r);
            DoubleVector c = pe.mul(inv).blend(1.0, zero), s = be.mul(inv).blend(0.0, zero);
            r.intoArray(b.r0, o);
            c.fma(q, s.mul(ak1)).intoArray(b.r1, o);
            p = c.fma(ak1, s.mul(q).neg());
            q = c.mul(DoubleVector.fromArray(S, of, o1)); // b_hi lies outside the block; q is unused after the last k
            c.intoArray(b.cs, ro + o);
            s.intoArray(b.sn, ro + o);
            DoubleVector u1 = DoubleVector.fromArray(S, u, o1), h1 = DoubleVector.fromArray(S, h, o1);
            c.fma(uc, s.mul(u1)).intoArray(u, o);
            c.fma(hc, s.mul(h1)).intoArray(h, o);
            uc = c.fma(u1, s.mul(uc).neg());
            hc = c.fma(h1, s.mul(hc).neg());
        }
        p.intoArray(b.r0, hi * L);
        uc.intoArray(u, hi * L);
        hc.intoArray(h, hi * L);
    }

    /**
     * {@link #sweep} for two blocks in one loop (the same operations, interleaved), except that u and h are
     * rotated afterwards by {@link #rotateAlong} from the recorded rotations: their chains are short, and
     * the smaller loop body is what C2 on JDK 17 compiles reliably (with them inside, about half of the JVM
     * runs left some vector stores of this method un-intrinsified and the LETKF took 2.2× as long).
     */
    private static void sweep2(Block a, Block b, int hi, int ro) {
        DoubleVector shA = DoubleVector.fromArray(S, a.mu, 0), shB = DoubleVector.fromArray(S, b.mu, 0);
        VectorMask<Double> idleA = DoubleVector.fromArray(S, a.act, 0).compare(VectorOperators.EQ, 0.0);
        VectorMask<Double> idleB = DoubleVector.fromArray(S, b.act, 0).compare(VectorOperators.EQ, 0.0);
        DoubleVector pA = DoubleVector.fromArray(S, a.dg, 0).sub(shA), qA = DoubleVector.fromArray(S, a.of, 0);
        DoubleVector pB = DoubleVector.fromArray(S, b.dg, 0).sub(shB), qB = DoubleVector.fromArray(S, b.of, 0);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int k = 0; k < hi; k++) {
            int o = k * L, o1 = o + L;
            DoubleVector bkA = DoubleVector.fromArray(S, a.of, o), bkB = DoubleVector.fromArray(S, b.of, o);
            DoubleVector akA = DoubleVector.fromArray(S, a.dg, o1).sub(shA), akB = DoubleVector.fromArray(S, b.dg, o1).sub(shB);
            // Idle lanes are fed (p, b) = (1, 0); a lane with p = b = 0 (r = 0) also takes the identity.
            DoubleVector peA = pA.blend(1.0, idleA), beA = bkA.blend(0.0, idleA);
            DoubleVector peB = pB.blend(1.0, idleB), beB = bkB.blend(0.0, idleB);
            DoubleVector rA = peA.fma(peA, beA.mul(beA)).lanewise(VectorOperators.SQRT);
            DoubleVector rB = peB.fma(peB, beB.mul(beB)).lanewise(VectorOperators.SQRT);
            VectorMask<Double> zA = rA.compare(VectorOperators.EQ, 0.0), zB = rB.compare(VectorOperators.EQ, 0.0);
            DoubleVector invA = one.div(rA), invB = one.div(rB);
            DoubleVector cA = peA.mul(invA).blend(1.0, zA), sA = beA.mul(invA).blend(0.0, zA);
            DoubleVector cB = peB.mul(invB).blend(1.0, zB), sB = beB.mul(invB).blend(0.0, zB);
            rA.intoArray(a.r0, o);
            rB.intoArray(b.r0, o);
            cA.fma(qA, sA.mul(akA)).intoArray(a.r1, o);
            cB.fma(qB, sB.mul(akB)).intoArray(b.r1, o);
            pA = cA.fma(akA, sA.mul(qA).neg());
            pB = cB.fma(akB, sB.mul(qB).neg());
            qA = cA.mul(DoubleVector.fromArray(S, a.of, o1));
            qB = cB.mul(DoubleVector.fromArray(S, b.of, o1));
            cA.intoArray(a.cs, ro + o);
            sA.intoArray(a.sn, ro + o);
            cB.intoArray(b.cs, ro + o);
            sB.intoArray(b.sn, ro + o);
        }
        pA.intoArray(a.r0, hi * L);
        pB.intoArray(b.r0, hi * L);
    }

    /** u and h rotated by the step's recorded rotations, exactly as inside {@link #sweep}. */
    private static void rotateAlong(Block b, int hi, int ro) {
        double[] u = b.u, h = b.h, cs = b.cs, sn = b.sn;
        DoubleVector uc = DoubleVector.fromArray(S, u, 0), hc = DoubleVector.fromArray(S, h, 0);
        for (int k = 0; k < hi; k++) {
            int o = k * L, o1 = o + L;
            DoubleVector c = DoubleVector.fromArray(S, cs, ro + o), s = DoubleVector.fromArray(S, sn, ro + o);
            DoubleVector u1 = DoubleVector.fromArray(S, u, o1), h1 = DoubleVector.fromArray(S, h, o1);
            c.fma(uc, s.mul(u1)).intoArray(u, o);
            c.fma(hc, s.mul(h1)).intoArray(h, o);
            uc = c.fma(u1, s.mul(uc).neg());
            hc = c.fma(h1, s.mul(hc).neg());
        }
        uc.intoArray(u, hi * L);
        hc.intoArray(h, hi * L);
    }

    /** T ← R Q + μI on active lanes: diagonal c_k c_{k−1} R_kk + s_k R_{k,k+1} + μ, subdiagonal s_k R_{k+1,k+1}. */
    private static void rq(Block b, int hi, int ro) {
        DoubleVector shift = DoubleVector.fromArray(S, b.mu, 0);
        VectorMask<Double> active = DoubleVector.fromArray(S, b.act, 0).compare(VectorOperators.NE, 0.0);
        DoubleVector cprev = DoubleVector.broadcast(S, 1.0);
        double[] dg = b.dg, of = b.of, r0 = b.r0, r1 = b.r1;
        DoubleVector rk = DoubleVector.fromArray(S, r0, 0);
        for (int k = 0; k < hi; k++) {
            int o = k * L;
            DoubleVector c = DoubleVector.fromArray(S, b.cs, ro + o), s = DoubleVector.fromArray(S, b.sn, ro + o);
            DoubleVector rk1 = DoubleVector.fromArray(S, r0, o + L);
            DoubleVector dn = c.mul(cprev).fma(rk, s.fma(DoubleVector.fromArray(S, r1, o), shift));
            DoubleVector on = s.mul(rk1);
            DoubleVector.fromArray(S, dg, o).blend(dn, active).intoArray(dg, o);
            DoubleVector.fromArray(S, of, o).blend(on, active).intoArray(of, o);
            cprev = c;
            rk = rk1;
        }
        DoubleVector last = cprev.fma(rk, shift);
        DoubleVector.fromArray(S, dg, hi * L).blend(last, active).intoArray(dg, hi * L);
    }

    /** shift = Σ u_m h_m / λ_m (into tmp); t_m = s √((N−1)/λ_m) u_m. */
    private void finishCoordinates(Block b, double inflation) {
        DoubleVector shift = DoubleVector.zero(S);
        DoubleVector scale = DoubleVector.broadcast(S, (double) (members - 1));
        for (int m = 0; m < n; m++) {
            int o = m * L;
            DoubleVector lam = DoubleVector.fromArray(S, b.dg, o);
            DoubleVector um = DoubleVector.fromArray(S, b.u, o);
            shift = um.mul(DoubleVector.fromArray(S, b.h, o)).div(lam).add(shift);
            scale.div(lam).lanewise(VectorOperators.SQRT).mul(um).mul(inflation).intoArray(b.t, o);
        }
        shift.intoArray(b.tmp, 0);
    }

    /** t ← S t, the recorded rotations last first: (t_k, t_{k+1}) ← (c t_k − s t_{k+1}, s t_k + c t_{k+1}). */
    private void replay(Block[] bs) {
        for (int st = steps - 1; st >= 0; st--) {
            int hi = stepHi[st], base = stepStart[st] * L;
            for (Block b : bs) unrotate(b, hi, base);
        }
    }

    /** One step's rotations backwards; t_{k+1} of rotation k is carried in a register from rotation k+1. */
    private static void unrotate(Block b, int hi, int base) {
        double[] t = b.t, cs = b.cs, sn = b.sn;
        DoubleVector t1 = DoubleVector.fromArray(S, t, hi * L);
        for (int k = hi - 1; k >= 0; k--) {
            int o = k * L;
            DoubleVector c = DoubleVector.fromArray(S, cs, base + o), s = DoubleVector.fromArray(S, sn, base + o);
            DoubleVector t0 = DoubleVector.fromArray(S, t, o);
            c.fma(t1, s.mul(t0)).intoArray(t, o + L);
            t1 = c.fma(t0, s.mul(t1).neg());
        }
        t1.intoArray(t, 0);
    }

    private void store(Block b, LocalProblem pb, int k0, int valid) {
        double[] x = pb.out, mean = pb.mean, t = b.t, a0 = b.a0, cnt = b.cnt, tmp = b.tmp;
        int d = pb.d;
        double s = pb.inflation;
        VectorMask<Double> none = DoubleVector.fromArray(S, cnt, 0).compare(VectorOperators.EQ, 0.0);
        boolean anyNone = none.anyTrue();
        // Back from the reduced basis: H(0, t) has member 0 at e·Σt and member i+1 at t_i − τe²·Σt.
        DoubleVector sum = DoubleVector.zero(S);
        for (int i = 0; i < n; i++) sum = sum.add(DoubleVector.fromArray(S, t, i * L));
        DoubleVector first = sum.mul(e), shift = sum.mul(-te2);
        if (valid == L) {
            DoubleVector mv = DoubleVector.fromArray(S, mean, k0);
            DoubleVector base = mv.add(DoubleVector.fromArray(S, tmp, 0));
            for (int j = 0; j < members; j++) {
                int o = j * d + k0;
                DoubleVector v = base.add(j == 0 ? first : DoubleVector.fromArray(S, t, (j - 1) * L).add(shift));
                if (anyNone) {
                    // No local observation: the forecast stays (bit-exact when s = 1), only inflated.
                    DoubleVector keep = s == 1 ? DoubleVector.fromArray(S, x, o)
                            : DoubleVector.fromArray(S, a0, j * L).mul(s).add(mv);
                    v = v.blend(keep, none);
                }
                v.intoArray(x, o);
            }
            return;
        }
        first.intoArray(b.cprev, 0); // scratch: member 0's coordinate per lane
        shift.intoArray(b.pp, 0); // scratch: −τe²Σt per lane
        for (int l = 0; l < valid; l++) {
            int k = k0 + l;
            if (cnt[l] == 0) {
                if (s != 1) for (int j = 0; j < members; j++) x[j * d + k] = mean[k] + s * a0[j * L + l];
                continue;
            }
            x[k] = mean[k] + tmp[l] + b.cprev[l];
            for (int j = 1; j < members; j++) x[j * d + k] = mean[k] + tmp[l] + (t[(j - 1) * L + l] + b.pp[l]);
        }
    }
}
