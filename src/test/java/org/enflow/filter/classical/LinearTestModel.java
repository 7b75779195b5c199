package org.enflow.filter.classical;

import java.util.Random;
import org.enflow.ensemble.Ensemble;
import org.enflow.model.LinearDynamics;
import org.enflow.model.Model;

/** Test double: x ← M x per step (no noise), with M exposed through {@link LinearDynamics}. */
final class LinearTestModel implements Model, LinearDynamics {
    private final int d;
    private final double[] m;
    private final double[] q;
    private final double[] tmp;

    LinearTestModel(double[] matrix, int dim, double[] processNoise) {
        this.d = dim;
        this.m = matrix;
        this.q = processNoise;
        this.tmp = new double[dim];
    }

    /** M = radius · G / ‖G‖₂ for a Gaussian G: spectral radius ≤ radius (‖G‖₂ by power iteration). */
    static double[] randomStable(int d, long seed, double radius) {
        Random rnd = new Random(seed);
        double[] g = new double[d * d];
        for (int i = 0; i < g.length; i++) g[i] = rnd.nextGaussian();
        double[] v = new double[d], w = new double[d];
        java.util.Arrays.fill(v, 1);
        double norm = 0;
        for (int it = 0; it < 500; it++) {
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += g[i * d + k] * v[k];
                w[i] = s;
            }
            for (int k = 0; k < d; k++) {
                double s = 0;
                for (int i = 0; i < d; i++) s += g[i * d + k] * w[i];
                v[k] = s;
            }
            double nv = 0;
            for (double x : v) nv += x * x;
            nv = Math.sqrt(nv);
            norm = Math.sqrt(nv);
            for (int k = 0; k < d; k++) v[k] /= nv;
        }
        for (int i = 0; i < g.length; i++) g[i] *= radius / norm;
        return g;
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public double dt() {
        return 1;
    }

    @Override
    public void advance(Ensemble e, double t0, int steps) {
        double[] x = e.data();
        for (int s = 0; s < steps; s++)
            for (int i = 0; i < e.members(); i++) {
                int o = i * d;
                for (int r = 0; r < d; r++) {
                    double v = 0;
                    for (int k = 0; k < d; k++) v += m[r * d + k] * x[o + k];
                    tmp[r] = v;
                }
                System.arraycopy(tmp, 0, x, o, d);
            }
    }

    @Override
    public String describe() {
        return "linear(d=" + d + ")";
    }

    @Override
    public double[] matrix() {
        return m;
    }

    @Override
    public double[] processNoise() {
        return q;
    }
}
