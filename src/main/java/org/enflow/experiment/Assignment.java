package org.enflow.experiment;

import java.util.Arrays;
import org.enflow.kernel.Require;

/**
 * The linear assignment problem: a permutation σ minimizing Σ_i c(i, σ(i)) for a dense n × n cost
 * matrix, solved exactly by shortest augmenting paths with dual prices (the Hungarian method in the
 * form of Jonker &amp; Volgenant, 1987: column reduction, two passes of augmenting row reduction, then
 * one Dijkstra search per row still unassigned).
 * O(n³) time in the worst case, O(n) workspace; the cost matrix is the caller's.
 *
 * <p><b>Invariant.</b> Column prices v_j and implicit row prices u_i = c(i, σ(i)) − v_σ(i) keep every
 * reduced cost c(i, j) − u_i − v_j ≥ 0 with equality on the assignment (complementary slackness), so
 * a complete assignment is optimal. Column reduction (v_j = min_i c(i, j), each column given to its
 * cheapest row when that row is still free) starts it; each augmentation grows a shortest-path tree from
 * one free row over the reduced costs until it reaches a free column, lowers the prices of the settled
 * columns by (μ − dist_j) (μ = the path length) and flips the assignment along the path.
 *
 * <p>An instance keeps its workspace between calls (no allocation once it has grown to the largest n)
 * and is not thread-safe. Results depend only on the cost matrix: ties are broken by index order.
 */
public final class Assignment {
    /** Passes of augmenting row reduction before the Dijkstra phase (JV use two). */
    private static final int ROW_REDUCTION_PASSES = 2;
    /** Cap on immediate retries per row-reduction pass, in units of n. */
    private static final int ROW_REDUCTION_STEPS = 16;

    /** Column prices v_j. */
    private double[] price = new double[0];
    /** Shortest-path distances of the columns from the free row being augmented. */
    private double[] dist = new double[0];
    /** rowOf[j]: the row assigned to column j, or −1. */
    private int[] rowOf = new int[0];
    /** colOf[i]: the column assigned to row i (σ(i)), or −1. */
    private int[] colOf = new int[0];
    /** pred[j]: the row from which column j was reached in the shortest-path tree. */
    private int[] pred = new int[0];
    /** The columns, partitioned during a search into [settled | at the current minimum | the rest]. */
    private int[] columns = new int[0];
    private int n;

    /** Solves the assignment for {@code cost} (row-major n × n, at cost[0, n²)); returns Σ_i c(i, σ(i)). */
    public double solve(double[] cost, int n) {
        Require.positive("n", n);
        Require.notNull("cost", cost);
        if ((long) n * n > cost.length)
            throw new IllegalArgumentException("cost.length = " + cost.length + ": expected at least n * n = " + (long) n * n);
        grow(n);
        this.n = n;
        Arrays.fill(rowOf, 0, n, -1);
        Arrays.fill(colOf, 0, n, -1);
        reduceColumns(cost, n);
        if (n > 1) for (int pass = 0; pass < ROW_REDUCTION_PASSES; pass++) reduceRows(cost, n);
        for (int f = 0; f < n; f++) if (colOf[f] < 0) augment(cost, n, f);
        double total = 0;
        for (int i = 0; i < n; i++) total += cost[i * n + colOf[i]];
        return total;
    }

    /** σ(i) of the last {@link #solve}. */
    public int column(int row) {
        if (row < 0 || row >= n) throw new IllegalArgumentException("row = " + row + ": expected 0 <= row < n = " + n);
        return colOf[row];
    }

    /** Copies σ of the last {@link #solve} into {@code out[0, n)}. */
    public void assignment(int[] out) {
        if (Require.notNull("out", out).length < n)
            throw new IllegalArgumentException("out.length = " + out.length + ": expected at least n = " + n);
        System.arraycopy(colOf, 0, out, 0, n);
    }

    private void grow(int n) {
        if (price.length >= n) return;
        price = new double[n];
        dist = new double[n];
        rowOf = new int[n];
        colOf = new int[n];
        pred = new int[n];
        columns = new int[n];
    }

    /**
     * v_j = min_i c(i, j) (a row-major pass, cache-friendly), and column j goes to its first cheapest row
     * if that row has no column yet. Also rejects non-finite costs.
     */
    private void reduceColumns(double[] cost, int n) {
        int[] argmin = pred; // free until the first augmentation
        System.arraycopy(cost, 0, price, 0, n);
        Arrays.fill(argmin, 0, n, 0);
        for (int i = 0; i < n; i++) {
            int o = i * n;
            for (int j = 0; j < n; j++) {
                double c = cost[o + j];
                if (!(c < price[j])) {
                    if (!Double.isFinite(c)) throw nonFinite(i, j, c);
                    continue;
                }
                if (!Double.isFinite(c)) throw nonFinite(i, j, c);
                price[j] = c;
                argmin[j] = i;
            }
        }
        for (int j = 0; j < n; j++) {
            int i = argmin[j];
            if (colOf[i] < 0) {
                colOf[i] = j;
                rowOf[j] = i;
            }
        }
    }

    private static IllegalArgumentException nonFinite(int i, int j, double c) {
        return new IllegalArgumentException("cost[" + i + ", " + j + "] = " + c + ": expected finite costs");
    }

    /** The search frontier: columns[0, low) are settled, columns[low, up) sit at the current minimum distance. */
    private int low, up;

    /**
     * Augmenting row reduction (Jonker &amp; Volgenant): each free row i takes the column j1 of its smallest
     * reduced cost c(i, j) − v_j, lowering v_j1 until j1 ties with the row's second smallest (so j1 stays a
     * row minimum for i and rises for every other row); the row that held j1, if any, becomes free and is
     * treated next when the price moved, else left to the next pass. Keeps the invariant
     * (every assigned column is a minimum of its row's reduced costs) and makes most rows assigned cheaply.
     * The immediate retries are capped at {@link #ROW_REDUCTION_STEPS}·n per pass: rounding can make price
     * steps tiny, and the Dijkstra phase finishes whatever is left.
     */
    private void reduceRows(double[] cost, int n) {
        int[] free = pred; // free until the first augmentation
        int pending = 0;
        for (int i = 0; i < n; i++) if (colOf[i] < 0) free[pending++] = i;
        if (pending == 0) return;
        long retries = (long) ROW_REDUCTION_STEPS * n;
        int k = 0; // rows free[k, pending) are still to do
        while (k < pending) {
            int i = free[k++], o = i * n;
            double u1 = cost[o] - price[0], u2 = Double.POSITIVE_INFINITY;
            int j1 = 0, j2 = -1;
            for (int j = 1; j < n; j++) {
                double h = cost[o + j] - price[j];
                if (h < u2) {
                    if (h >= u1) {
                        u2 = h;
                        j2 = j;
                    } else {
                        u2 = u1;
                        u1 = h;
                        j2 = j1;
                        j1 = j;
                    }
                }
            }
            int i0 = rowOf[j1];
            boolean priceMoved = u1 < u2;
            if (priceMoved) price[j1] -= u2 - u1;
            else if (i0 >= 0) { // a tie: take the second column, which may be free
                j1 = j2;
                i0 = rowOf[j2];
            }
            colOf[i] = j1;
            rowOf[j1] = i;
            if (i0 >= 0) {
                colOf[i0] = -1; // left for the next pass or the Dijkstra phase unless retried now
                if (priceMoved && retries-- > 0) free[--k] = i0;
            }
        }
    }

    /**
     * One Dijkstra search from the free row f over the reduced costs, then the price update and the flip
     * of the assignment along the shortest path to the free column it reached.
     */
    private void augment(double[] cost, int n, int f) {
        int fo = f * n;
        for (int j = 0; j < n; j++) {
            dist[j] = cost[fo + j] - price[j];
            pred[j] = f;
            columns[j] = j;
        }
        low = 0;
        up = 0;
        double min = 0;
        int end;
        while (true) {
            if (up == low) {
                min = collectMinimum(n);
                end = freeAtMinimum();
                if (end >= 0) break;
            }
            int j1 = columns[low++];
            end = scan(cost, n, rowOf[j1], j1, min);
            if (end >= 0) break;
        }
        // Settled columns get cheaper by (min − dist_j) ≥ 0; the others' distances are ≥ min: unchanged.
        for (int k = 0; k < low; k++) {
            int j = columns[k];
            price[j] += dist[j] - min;
        }
        int j = end, i;
        do {
            i = pred[j];
            rowOf[j] = i;
            int next = colOf[i];
            colOf[i] = j;
            j = next;
        } while (i != f);
    }

    /** Moves the unsettled columns at the smallest distance to columns[low, up); returns that distance. */
    private double collectMinimum(int n) {
        double min = Double.POSITIVE_INFINITY;
        int u = low;
        for (int k = low; k < n; k++) {
            int j = columns[k];
            double h = dist[j];
            if (h <= min) {
                if (h < min) {
                    u = low;
                    min = h;
                }
                columns[k] = columns[u];
                columns[u++] = j;
            }
        }
        up = u;
        return min;
    }

    /** A free column among columns[low, up), or −1. */
    private int freeAtMinimum() {
        for (int k = low; k < up; k++) if (rowOf[columns[k]] < 0) return columns[k];
        return -1;
    }

    /**
     * Relaxes the unreached columns [up, n) through row i, which holds the settled column j1 at distance
     * min: new distance min + (c(i, j) − v_j) − (c(i, j1) − v_j1). A column whose distance drops to min joins
     * columns[low, up); if it is free, the search ends there and its index is returned (else −1).
     */
    private int scan(double[] cost, int n, int i, int j1, double min) {
        int o = i * n, u = up;
        double h = cost[o + j1] - price[j1] - min;
        for (int k = u; k < n; k++) {
            int j = columns[k];
            double nd = cost[o + j] - price[j] - h;
            if (nd < dist[j]) {
                pred[j] = i;
                if (nd <= min) { // reduced costs are >= 0 up to rounding: a distance below min is min
                    dist[j] = min;
                    if (rowOf[j] < 0) {
                        up = u;
                        return j;
                    }
                    columns[k] = columns[u];
                    columns[u++] = j;
                } else {
                    dist[j] = nd;
                }
            }
        }
        up = u;
        return -1;
    }
}
