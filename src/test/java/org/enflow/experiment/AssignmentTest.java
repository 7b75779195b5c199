package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The assignment solver against brute force over all n! permutations (n ≤ 8) on costs with and without
 * ties, signs and geometric structure; optimality conditions at larger n; argument checks.
 *
 * <p>Tolerance for real-valued costs: the solver's total and the brute-force minimum are both sums of the
 * same kind of n terms in different orders, so they differ by at most ~n·ε·Σ|c| (Higham §4.2) when the
 * optimal permutations coincide; a wrong permutation costs a whole cost difference instead. Integer costs
 * (exactly representable sums) must match exactly.
 */
class AssignmentTest {
    private static final double EPS = Math.ulp(1.0);

    /** The minimum of Σ_i c(i, σ(i)) over all permutations, by recursion over rows with a used-column mask. */
    static double bruteForce(double[] c, int n) {
        return best(c, n, 0, 0, 0.0);
    }

    private static double best(double[] c, int n, int row, int used, double partial) {
        if (row == n) return partial;
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if ((used & (1 << j)) != 0) continue;
            min = Math.min(min, best(c, n, row + 1, used | (1 << j), partial + c[row * n + j]));
        }
        return min;
    }

    /** Checks that the solver's σ is a permutation whose cost is the returned total. */
    private static int[] checkedPermutation(Assignment a, double[] c, int n, double total) {
        int[] s = new int[n];
        a.assignment(s);
        boolean[] seen = new boolean[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(s[i] >= 0 && s[i] < n && !seen[s[i]], "not a permutation at row " + i);
            seen[s[i]] = true;
            assertEquals(s[i], a.column(i));
            sum += c[i * n + s[i]];
        }
        assertEquals(sum, total, 0.0); // same order of summation
        return s;
    }

    private static double absSum(double[] c, int n) {
        double s = 0;
        for (int k = 0; k < n * n; k++) s += Math.abs(c[k]);
        return s;
    }

    @Test
    void matchesBruteForceOnRandomCosts() {
        SplittableRandom r = new SplittableRandom(20240601);
        Assignment solver = new Assignment(); // one instance: the workspace is reused across sizes
        int cases = 0;
        for (int n = 1; n <= 8; n++) {
            int reps = n <= 6 ? 300 : 40;
            for (int rep = 0; rep < reps; rep++) {
                for (int kind = 0; kind < 4; kind++) {
                    double[] c = costs(r, n, kind);
                    double total = solver.solve(c, n);
                    checkedPermutation(solver, c, n, total);
                    double expected = bruteForce(c, n);
                    if (kind == 1) assertEquals(expected, total, 0.0, "integer costs with ties, n = " + n);
                    else assertEquals(expected, total, 2 * (n + 2) * EPS * absSum(c, n), "kind " + kind + ", n = " + n);
                    cases++;
                }
            }
        }
        assertEquals(4 * (6 * 300 + 2 * 40), cases);
    }

    /**
     * kind 0: uniform (0, 1); 1: integers 0..3 (many ties and degenerate optima); 2: N(0, 1)·100 (negative
     * costs, large range); 3: squared distances between random points in the plane (the W2 case).
     */
    static double[] costs(SplittableRandom r, int n, int kind) {
        double[] c = new double[n * n];
        switch (kind) {
            case 0 -> { for (int k = 0; k < c.length; k++) c[k] = r.nextDouble(); }
            case 1 -> { for (int k = 0; k < c.length; k++) c[k] = r.nextInt(4); }
            case 2 -> { for (int k = 0; k < c.length; k++) c[k] = 100 * (r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5); }
            default -> {
                double[] a = new double[2 * n], b = new double[2 * n];
                for (int k = 0; k < 2 * n; k++) {
                    a[k] = r.nextDouble() * 4;
                    b[k] = r.nextDouble() * 4 + 1;
                }
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) {
                        double dx = a[2 * i] - b[2 * j], dy = a[2 * i + 1] - b[2 * j + 1];
                        c[i * n + j] = dx * dx + dy * dy;
                    }
            }
        }
        return c;
    }

    @Test
    void largeProblemsHaveNoImprovingSwapAndBeatTheIdentity() {
        // At n = 400 brute force is out of reach: an optimal σ admits no improving exchange of two rows'
        // columns (a necessary condition that catches a wrong dual update or a broken augmentation), and it
        // is no worse than σ = identity.
        SplittableRandom r = new SplittableRandom(7);
        Assignment solver = new Assignment();
        for (int kind = 0; kind < 4; kind++) {
            int n = 400;
            double[] c = costs(r, n, kind);
            double total = solver.solve(c, n);
            int[] s = checkedPermutation(solver, c, n, total);
            double tol = 1e-12 * (absSum(c, n) / n);
            for (int i = 0; i < n; i++)
                for (int k = i + 1; k < n; k++)
                    assertTrue(c[i * n + s[i]] + c[k * n + s[k]] <= c[i * n + s[k]] + c[k * n + s[i]] + tol,
                            "improving swap of rows " + i + ", " + k + " (kind " + kind + ")");
            double identity = 0;
            for (int i = 0; i < n; i++) identity += c[i * n + i];
            assertTrue(total <= identity + tol);
        }
    }

    @Test
    void diagonalAndPermutedDiagonalOptimaAreFound() {
        // c(i, j) = 0 for j = π(i), 1 elsewhere: the unique optimum is π with total 0.
        SplittableRandom r = new SplittableRandom(3);
        Assignment solver = new Assignment();
        for (int n : new int[] {1, 2, 5, 64, 257}) {
            int[] pi = new int[n];
            for (int i = 0; i < n; i++) pi[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int k = r.nextInt(i + 1), t = pi[i];
                pi[i] = pi[k];
                pi[k] = t;
            }
            double[] c = new double[n * n];
            java.util.Arrays.fill(c, 1.0);
            for (int i = 0; i < n; i++) c[i * n + pi[i]] = 0;
            assertEquals(0.0, solver.solve(c, n), 0.0);
            for (int i = 0; i < n; i++) assertEquals(pi[i], solver.column(i));
        }
    }

    @Test
    void rejectsBadArguments() {
        Assignment a = new Assignment();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.solve(new double[4], 0)).getMessage().contains("n = 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.solve(null, 2)).getMessage().contains("cost"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.solve(new double[3], 2)).getMessage()
                .contains("n * n = 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.solve(new double[] {0, 1, Double.NaN, 2}, 2))
                .getMessage().contains("cost[1, 0] = NaN"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.solve(new double[] {Double.NEGATIVE_INFINITY, 1, 0, 2}, 2))
                .getMessage().contains("cost[0, 0] = -Infinity"));
        a.solve(new double[] {1, 0, 0, 1}, 2);
        assertEquals(1, a.column(0));
        assertThrows(IllegalArgumentException.class, () -> a.column(2));
        assertThrows(IllegalArgumentException.class, () -> a.assignment(new int[1]));
    }
}
