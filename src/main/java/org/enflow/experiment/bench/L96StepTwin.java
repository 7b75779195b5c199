package org.enflow.experiment.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Integrator;
import org.enflow.model.Lorenz96;
import org.enflow.model.Model;

/**
 * One RK4 (Kutta's 3/8 rule, as EnFF's L96 runs use) step of an N-member Lorenz-96 ensemble, F = 8,
 * dt = 0.01, in place. Inputs: x (N × d), members 3·N(0, I) moved {@link #SPIN_UP} steps toward the
 * attractor. Output: x after one step.
 */
public final class L96StepTwin implements TwinProblem {
    public static final double FORCING = 8.0, DT = 0.01;
    /** Spin-up steps from 3·N(0, I): enough to leave the Gaussian start, cheap at d = 10⁶. */
    public static final int SPIN_UP = 50;

    private final int n, d;
    private final Model model;
    private final Ensemble ensemble;
    private final double[] start;

    public L96StepTwin(int n, int d, long seed, Parallel parallel) {
        this.n = n;
        this.d = d;
        if (d < 4) throw new IllegalArgumentException("l96: d = " + d + ": expected d >= 4");
        model = new Lorenz96(d, FORCING).model(DT, Integrator.RK4_38, parallel);
        ensemble = new Ensemble(n, d);
        new Gaussian(new RandomStreams(seed).stream(RandomStreams.Purpose.INITIAL_ENSEMBLE)).fill(ensemble.data(), 0, n * d);
        double[] x = ensemble.data();
        for (int i = 0; i < x.length; i++) x[i] *= 3;
        model.advance(ensemble, 0, SPIN_UP);
        start = x.clone();
    }

    @Override
    public String name() {
        return "l96:" + n + "x" + d;
    }

    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("forcing", FORCING);
        m.put("dt", DT);
        return m;
    }

    @Override
    public List<TwinArray> inputs() {
        return List.of(new TwinArray("x", n, d, start));
    }

    @Override
    public void restore() {
        System.arraycopy(start, 0, ensemble.data(), 0, start.length);
    }

    @Override
    public void run() {
        model.advance(ensemble, 0, 1);
    }

    @Override
    public List<TwinArray> outputs() {
        return List.of(new TwinArray("x", n, d, ensemble.data()));
    }
}
