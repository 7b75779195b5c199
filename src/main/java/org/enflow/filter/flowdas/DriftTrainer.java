package org.enflow.filter.flowdas;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;
import org.enflow.learn.Adam;
import org.enflow.learn.Mlp;
import org.enflow.model.Model;
import org.enflow.model.NoisyModel;

/**
 * Trains a {@link MlpDrift} by drift regression on simulated transition pairs (flowdas.md §2):
 * each step draws a fresh batch of (pair, s ~ U[0, 1], z ~ N(0, I)), forms I_s and the target
 * R_s = −x₀ + 2s·x₁ − ε√s·z in normalized units, and takes one Adam step on
 * (1/B) Σ_rows ‖b_θ(s, I_s, x₀) − R_s‖², with the learning rate decayed to 0 on a cosine.
 *
 * <p>The batch is cut into blocks of {@value TrainingConfig#BLOCK_ROWS} rows; block b always draws from
 * its own stream (AUXILIARY, 16 + b) and writes its own gradient, and the gradients are summed in block
 * order: training is bit-identical for any thread count.
 *
 * <p>Validation (flowdas.md oracle 3): on {@code validationSamples} fixed draws from separate validation
 * trajectories, the loss against R_s and, when the transition is Gaussian (a model with process noise,
 * one step per transition), the ratio MSE(b_θ, b*) / Var(b*) against the closed-form drift b* with the
 * model's own mean map (variance and MSE summed over coordinates).
 */
public final class DriftTrainer {
    /** Called after every step (from the calling thread). */
    @FunctionalInterface
    public interface Progress {
        void onStep(int step, int total, double loss);
    }

    /**
     * @param finalLoss        mean training loss over the last min(100, steps) steps
     * @param validationLoss   mean ‖b_θ − R_s‖² on the validation draws (includes the irreducible floor)
     * @param floorLoss        the same for the closed-form drift (the floor), NaN when not Gaussian
     * @param closedFormRatio  MSE(b_θ, b*)/Var(b*) on the validation draws, NaN when not Gaussian
     * @param trainSeconds     wall-clock seconds of the Adam steps
     */
    public record Result(MlpDrift drift, double finalLoss, double validationLoss, double floorLoss, double closedFormRatio,
                         double trainSeconds) {}

    private DriftTrainer() {}

    /** Trains on pairs of {@code model} over {@code stepsPerTransition} model steps. */
    public static Result train(Model model, int stepsPerTransition, TrainingConfig config, Parallel parallel, Progress progress) {
        Require.notNull("model", model);
        Require.notNull("config", config);
        Require.notNull("parallel", parallel);
        RandomStreams streams = new RandomStreams(config.seed());
        TransitionPairs train = TransitionPairs.simulate(model, config.trajectories(), config.length(), config.spinUp(),
                stepsPerTransition, streams);
        TransitionPairs valid = TransitionPairs.simulate(model, config.validationTrajectories(), config.length(), config.spinUp(),
                stepsPerTransition, new RandomStreams(config.seed() + 1));
        Normalization norm = train.normalization();
        StochasticInterpolant ip = new StochasticInterpolant(config.epsilon());
        int d = model.dim();
        Mlp net = MlpDrift.network(d, config.fourier(), config.hidden());
        net.initialize(streams.stream(RandomStreams.Purpose.AUXILIARY, 1));

        long start = System.nanoTime();
        double finalLoss = optimize(net, train, norm, ip, config, parallel, streams, progress);
        double seconds = (System.nanoTime() - start) * 1e-9;

        Map<String, String> info = new LinkedHashMap<>();
        info.put("steps", Integer.toString(config.steps()));
        info.put("batch", Integer.toString(config.batch()));
        info.put("learning_rate", Double.toString(config.learningRate()));
        info.put("seed", Long.toString(config.seed()));
        info.put("trajectories", config.trajectories() + "x" + config.length());
        info.put("final_loss", fmt(finalLoss));
        MlpDrift drift = new MlpDrift(net, d, config.fourier(), ip, norm, stepsPerTransition, model.dt(), model.describe(), info);
        double[] scores = validate(drift, model, stepsPerTransition, valid, config.validationSamples(),
                new RandomStreams(config.seed() + 1), parallel);
        info.put("validation_loss", fmt(scores[0]));
        if (!Double.isNaN(scores[2])) info.put("closed_form_mse_ratio", fmt(scores[2]));
        info.put("train_seconds", String.format(Locale.ROOT, "%.1f", seconds));
        drift = new MlpDrift(net, d, config.fourier(), ip, norm, stepsPerTransition, model.dt(), model.describe(), info);
        return new Result(drift, finalLoss, scores[0], scores[1], scores[2], seconds);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** The Adam loop; returns the mean loss of the last min(100, steps) steps. */
    private static double optimize(Mlp net, TransitionPairs data, Normalization norm, StochasticInterpolant ip,
                                   TrainingConfig config, Parallel parallel, RandomStreams streams, Progress progress) {
        Session session = new Session(net, data, norm, ip, config, parallel, streams);
        int steps = config.steps(), window = Math.min(100, steps);
        double tail = 0;
        for (int step = 0; step < steps; step++) {
            double loss = session.step();
            if (!Double.isFinite(loss))
                throw new IllegalStateException("training diverged at step " + step + " (loss " + loss + "); lower the learning rate");
            if (step >= steps - window) tail += loss;
            if (progress != null) progress.onStep(step + 1, steps, loss);
        }
        return tail / window;
    }

    /**
     * The state of a training run: the network, Adam's moments, and the batch blocks with their streams
     * and workspaces. {@link #step()} is one Adam step (draws, forward, backward, gradient sum, update):
     * what {@link #train} repeats and what the training benchmark times.
     */
    public static final class Session {
        private final Mlp net;
        private final TrainingConfig config;
        private final Parallel parallel;
        private final Block[] block;
        private final Adam adam;
        private final double[] gradient;
        private int step;

        /** A session on {@code net} (initialized by the caller) drawing from streams (AUXILIARY, 16 + b). */
        public Session(Mlp net, TransitionPairs data, Normalization norm, StochasticInterpolant ip, TrainingConfig config,
                       Parallel parallel, RandomStreams streams) {
            this.net = Require.notNull("net", net);
            this.config = Require.notNull("config", config);
            this.parallel = Require.notNull("parallel", parallel);
            Require.notNull("data", data);
            if (net.inputs() != MlpDrift.inputs(data.dim(), config.fourier()) || net.outputs() != data.dim())
                throw new IllegalArgumentException("network " + java.util.Arrays.toString(net.sizes()) + " does not fit d = "
                        + data.dim() + ", K = " + config.fourier());
            int batch = config.batch(), blocks = (batch + TrainingConfig.BLOCK_ROWS - 1) / TrainingConfig.BLOCK_ROWS;
            block = new Block[blocks];
            UniformRandomProvider[] rngs = streams.streams(RandomStreams.Purpose.AUXILIARY, 16 + blocks);
            for (int b = 0; b < blocks; b++) {
                int from = b * TrainingConfig.BLOCK_ROWS, to = Math.min(batch, from + TrainingConfig.BLOCK_ROWS);
                block[b] = new Block(net, data, norm, ip, config.fourier(), to - from, batch, rngs[16 + b]);
            }
            adam = new Adam(net.parameterCount());
            gradient = new double[net.parameterCount()];
        }

        /**
         * Flops of one step by the documented count: batch × {@link Mlp#trainingFlopsPerRow()} (the
         * multiply-adds of the forward pass, the weight gradient and the hidden layers' input gradients;
         * SiLU, biases and Adam, under 2% together, are not counted).
         */
        public long flopsPerStep() {
            return (long) config.batch() * net.trainingFlopsPerRow();
        }

        /** One Adam step; returns the batch loss before the update. */
        public double step() {
            parallel.forEach(block.length, (b, from, to) -> block[b].run());
            java.util.Arrays.fill(gradient, 0);
            double loss = 0;
            for (Block b : block) {
                loss += b.loss;
                for (int i = 0; i < gradient.length; i++) gradient[i] += b.gradient[i];
            }
            int total = config.steps();
            double lr = config.learningRate() * 0.5 * (1 + StrictMath.cos(Math.PI * Math.min(step, total) / total));
            adam.step(net.parameters(), gradient, lr);
            net.parametersChanged();
            step++;
            return loss;
        }
    }

    /** One block of a batch: its draws, forward and backward pass, loss share and gradient. */
    private static final class Block {
        final Mlp net;
        final TransitionPairs data;
        final Normalization norm;
        final StochasticInterpolant ip;
        final int fourier, rows, batch, d, inputs;
        final UniformRandomProvider rng;
        final Gaussian gaussian;
        final Mlp.Workspace workspace;
        final double[] input, target, dOut, gradient, u0, u1, x;
        double loss;

        Block(Mlp net, TransitionPairs data, Normalization norm, StochasticInterpolant ip, int fourier, int rows, int batch,
              UniformRandomProvider rng) {
            this.net = net;
            this.data = data;
            this.norm = norm;
            this.ip = ip;
            this.fourier = fourier;
            this.rows = rows;
            this.batch = batch;
            this.d = data.dim();
            this.inputs = net.inputs();
            this.rng = rng;
            this.gaussian = new Gaussian(rng);
            workspace = net.newWorkspace(rows);
            input = new double[rows * inputs];
            target = new double[rows * d];
            dOut = new double[rows * d];
            gradient = new double[net.parameterCount()];
            u0 = new double[d];
            u1 = new double[d];
            x = new double[d];
        }

        void run() {
            double[] states = data.states();
            for (int r = 0; r < rows; r++) {
                int o = data.offset(rng.nextInt(data.pairs()));
                double s = rng.nextDouble();
                norm.toUnits(states, o, u0, 0);
                norm.toUnits(states, o + d, u1, 0);
                for (int c = 0; c < d; c++) {
                    double z = gaussian.next();
                    x[c] = ip.sample(s, u0[c], u1[c], z);
                    target[r * d + c] = ip.target(s, u0[c], u1[c], z);
                }
                MlpDrift.features(d, fourier, s, x, 0, u0, 0, input, r * inputs);
            }
            double[] out = net.forward(input, 0, rows, workspace);
            double sum = 0;
            for (int i = 0; i < rows * d; i++) {
                double e = out[i] - target[i];
                sum += e * e;
                dOut[i] = 2 * e / batch;
            }
            loss = sum / batch;
            Arrays.fill(gradient, 0);
            net.backward(dOut, 0, workspace, gradient, null, 0, 0);
        }
    }

    /**
     * Scores of a drift on {@code samples} fixed draws (pair, s, z) from {@code valid}: [mean ‖b − R‖²,
     * the same for the closed form (NaN if not Gaussian), MSE(b, b*)/Var(b*) (NaN if not Gaussian)].
     */
    public static double[] validate(TransitionDrift drift, Model model, int stepsPerTransition, TransitionPairs valid,
                                    int samples, RandomStreams streams, Parallel parallel) {
        Require.notNull("drift", drift);
        Require.positive("samples", samples);
        int d = drift.dim();
        Normalization norm = drift.normalization();
        StochasticInterpolant ip = drift.interpolant();
        GaussianTransitionDrift exact = null;
        if (model instanceof NoisyModel noisy && noisy.q() > 0 && stepsPerTransition == 1)
            exact = GaussianTransitionDrift.forModel(model, 1, ip, norm);
        UniformRandomProvider rng = streams.stream(RandomStreams.Purpose.AUXILIARY, 5);
        Gaussian g = new Gaussian(rng);
        double[] u0 = new double[samples * d], x = new double[samples * d], r = new double[samples * d], s = new double[samples];
        double[] u1 = new double[d];
        for (int i = 0; i < samples; i++) {
            int o = valid.offset(rng.nextInt(valid.pairs()));
            s[i] = rng.nextDouble();
            norm.toUnits(valid.states(), o, u0, i * d);
            norm.toUnits(valid.states(), o + d, u1, 0);
            for (int c = 0; c < d; c++) {
                double z = g.next();
                x[i * d + c] = ip.sample(s[i], u0[i * d + c], u1[c], z);
                r[i * d + c] = ip.target(s[i], u0[i * d + c], u1[c], z);
            }
        }
        double[] b = evaluate(drift, u0, x, s, samples, parallel);
        double loss = 0;
        for (int i = 0; i < samples * d; i++) loss += (b[i] - r[i]) * (b[i] - r[i]);
        loss /= samples;
        if (exact == null) return new double[] {loss, Double.NaN, Double.NaN};
        double[] star = evaluate(exact, u0, x, s, samples, parallel);
        double floor = 0, mse = 0, var = 0;
        double[] mean = new double[d];
        for (int i = 0; i < samples; i++) for (int c = 0; c < d; c++) mean[c] += star[i * d + c] / samples;
        for (int i = 0; i < samples * d; i++) {
            floor += (star[i] - r[i]) * (star[i] - r[i]);
            mse += (b[i] - star[i]) * (b[i] - star[i]);
            double e = star[i] - mean[i % d];
            var += e * e;
        }
        return new double[] {loss, floor / samples, mse / var};
    }

    /** b(s_i, x_i, x₀_i) for every draw, one row at a time (each draw has its own s and x₀). */
    private static double[] evaluate(TransitionDrift drift, double[] u0, double[] x, double[] s, int samples, Parallel parallel) {
        int d = drift.dim(), w = drift.conditionWidth();
        double[] cond = new double[samples * w], out = new double[samples * d];
        drift.condition(u0, samples, cond, parallel);
        TransitionDrift.Evaluator e = drift.evaluator(1);
        for (int i = 0; i < samples; i++)
            e.drift(StochasticInterpolant.clamp(s[i]), x, i * d, 1, cond, i * w, out, i * d);
        return out;
    }
}
