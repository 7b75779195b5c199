package org.enflow.filter.kde;

import org.enflow.kernel.AttentionKeys;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * The closed-form denoiser and score of the conditional KDE at kernel width σ̄ (kde_diffusion.md §3,
 * Eq. 16): for centres x_i with log-weights ℓ_i,
 *
 * <pre>
 *   a_i(x) = ℓ_i − ‖x − x_i‖²/(2σ̄²),   w̄ = softmax(a),   D(x, σ̄) = Σ_i w̄_i x_i,   s(x) = (D − x)/σ̄².
 * </pre>
 *
 * All kernels share one width, so their normalizing constants cancel. It is the fused kernel with the
 * centres bound once per {@link #bind} ({@link AttentionKeys}: queries = particles, keys = values = centres,
 * key bias = ℓ, scale = 1/(2σ̄²)): O(m·N·d) work, O(N) memory per thread, the m × N weight matrix never
 * stored. {@link #denoise} runs on the given pool, bit-identically for any thread count; {@link #denoiseRows}
 * computes a row range on the calling thread, concurrently with other ranges given their own workspaces.
 * Otherwise not thread-safe.
 */
public final class KdeDenoiser {
    private final Parallel parallel;
    private final AttentionKeys kernel = new AttentionKeys();
    private double[] centres;
    private double[] logWeights;
    private int n, d;
    /** Workspaces of concurrent {@link #denoiseRows} callers, one per block index. */
    private AttentionKeys.Workspace[] workspaces = new AttentionKeys.Workspace[0];

    public KdeDenoiser(Parallel parallel) {
        this.parallel = Require.notNull("parallel", parallel);
    }

    /**
     * Binds the centres (n rows of d values, member-major) and their log-weights ℓ (length ≥ n, finite or
     * −∞, at least one finite). The arrays are used, not copied: keep them unchanged while denoising.
     */
    public void bind(double[] centres, int n, int d, double[] logWeights) {
        Require.positive("n", n);
        Require.positive("d", d);
        Require.notNull("centres", centres);
        Require.notNull("logWeights", logWeights);
        if ((long) n * d > centres.length)
            throw new IllegalArgumentException("centres.length = " + centres.length + ": expected >= n * d = " + (long) n * d);
        if (logWeights.length < n)
            throw new IllegalArgumentException("logWeights.length = " + logWeights.length + ": expected >= n = " + n);
        boolean any = false;
        for (int i = 0; i < n; i++) {
            double l = logWeights[i];
            if (Double.isNaN(l) || l == Double.POSITIVE_INFINITY)
                throw new IllegalArgumentException("logWeights[" + i + "] = " + l + ": expected a finite number or -Infinity");
            any |= l != Double.NEGATIVE_INFINITY;
        }
        if (!any) throw new IllegalArgumentException("logWeights: all " + n + " are -Infinity: no member has weight");
        kernel.bind(centres, n, d, centres, d, parallel);
        this.centres = centres;
        this.logWeights = logWeights;
        this.n = n;
        this.d = d;
    }

    public int members() {
        return n;
    }

    public int dim() {
        return d;
    }

    /** out[0 .. m·d) = D(x_q, σ̄) for the m particles x (rows of d values). */
    public void denoise(double[] x, int m, double sigmaBar, double[] out) {
        if (centres == null) throw new IllegalStateException("KdeDenoiser: bind(...) the centres first");
        Require.positive("sigmaBar", sigmaBar);
        kernel.attend(x, m, logWeights, 1.0 / (2 * sigmaBar * sigmaBar), out, parallel);
    }

    /** Rows [from, to) of {@link #denoise}, on the calling thread with the caller's workspace. */
    public void denoiseRows(double[] x, int from, int to, double sigmaBar, double[] out, AttentionKeys.Workspace ws) {
        if (centres == null) throw new IllegalStateException("KdeDenoiser: bind(...) the centres first");
        Require.positive("sigmaBar", sigmaBar);
        kernel.attendRows(x, from, to, logWeights, 1.0 / (2 * sigmaBar * sigmaBar), out, ws);
    }

    /** Makes {@link #workspace} valid for block indices [0, blocks). */
    public void reserveBlocks(int blocks) {
        if (workspaces.length >= blocks) return;
        AttentionKeys.Workspace[] grown = java.util.Arrays.copyOf(workspaces, blocks);
        for (int b = workspaces.length; b < blocks; b++) grown[b] = AttentionKeys.workspace();
        workspaces = grown;
    }

    /** The workspace of block index {@code block} (see {@link #reserveBlocks}). */
    public AttentionKeys.Workspace workspace(int block) {
        if (block < 0 || block >= workspaces.length)
            throw new IllegalArgumentException("block = " + block + ": expected 0 <= block < " + workspaces.length + " (reserveBlocks first)");
        return workspaces[block];
    }

    /** Rows the kernel computes together: row ranges cut at multiples of it waste no padding. */
    public int rowGroup() {
        return kernel.rowGroup();
    }

    /** Whether row ranges may end in half a {@link #rowGroup} at no extra cost per row. */
    public boolean halvesGroups() {
        return kernel.halvesGroups();
    }

    /** Rows per parallel block {@link #denoise} uses for m particles. */
    public int rowsPerBlock(int m) {
        return kernel.rowsPerBlock(m);
    }

    /** out = s(x, σ̄) = (D(x, σ̄) − x)/σ̄², the score of the weighted KDE smoothed to width σ̄. */
    public void score(double[] x, int m, double sigmaBar, double[] out) {
        denoise(x, m, sigmaBar, out);
        double inv = 1.0 / (sigmaBar * sigmaBar);
        for (int i = 0; i < m * d; i++) out[i] = (out[i] - x[i]) * inv;
    }
}
