package org.enflow.filter.classical.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {
    static double[] randomSymmetric(int n, Random rnd) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) {
                double v = rnd.nextGaussian();
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        return a;
    }

    static double frobenius(double[] a, int n) {
        double s = 0;
        for (int i = 0; i < n * n; i++) s += a[i] * a[i];
        return Math.sqrt(s);
    }

    /** max |A − V Λ Vᵀ| and max |VᵀV − I|, which must be c·n·ε·‖A‖ and c·n·ε. */
    static void checkDecomposition(double[] a, int n, SymmetricEigen eig) {
        eig.decompose(a, n);
        double[] lam = eig.values();
        double[] vt = eig.vectorsT();
        double norm = Math.max(frobenius(a, n), Double.MIN_NORMAL);
        double eps = Math.ulp(1.0);
        double recon = 0, orth = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0, o = 0;
                for (int m = 0; m < n; m++) {
                    s += vt[m * n + i] * lam[m] * vt[m * n + j];
                    o += vt[i * n + m] * vt[j * n + m];
                }
                recon = Math.max(recon, Math.abs(s - a[i * n + j]));
                orth = Math.max(orth, Math.abs(o - (i == j ? 1 : 0)));
            }
        // Backward-stable Householder + QR: errors grow at most linearly in n (Golub & Van Loan §8.3.6);
        // 10·n·ε·‖A‖ leaves room for the constant.
        assertTrue(recon <= 10 * n * eps * norm, "reconstruction error " + recon + " for n=" + n + ", ‖A‖=" + norm);
        assertTrue(orth <= 10 * n * eps, "orthogonality error " + orth + " for n=" + n);
        for (int m = 1; m < n; m++) assertTrue(lam[m - 1] <= lam[m], "eigenvalues ascending");
    }

    @Test
    void reconstructsRandomSymmetricMatricesOfManySizes() {
        Random rnd = new Random(1);
        SymmetricEigen eig = new SymmetricEigen(64);
        for (int n = 1; n <= 64; n += (n < 12 ? 1 : 7)) {
            for (int rep = 0; rep < 3; rep++) checkDecomposition(randomSymmetric(n, rnd), n, eig);
        }
    }

    /**
     * On 2 threads the row operations run over fixed 64-column blocks: the same eigenvalues and vectors bit for bit
     * (n = 203: odd, several column blocks, every step above the fork threshold for its first hundred rows).
     */
    @Test
    void sameBitsOnOneAndTwoThreads() {
        int n = 203;
        double[] a = randomSymmetric(n, new Random(9));
        SymmetricEigen one = new SymmetricEigen(n), two = new SymmetricEigen(n);
        one.decompose(a, n);
        try (org.enflow.kernel.Parallel par = new org.enflow.kernel.Parallel(2)) {
            two.decompose(par, a, n);
        }
        assertArrayEquals(java.util.Arrays.copyOf(one.values(), n), java.util.Arrays.copyOf(two.values(), n));
        assertArrayEquals(java.util.Arrays.copyOf(one.vectorsT(), n * n), java.util.Arrays.copyOf(two.vectorsT(), n * n));
        checkDecomposition(a, n, two);
    }

    @Test
    void reconstructsMatricesWithRepeatedAndZeroEigenvalues() {
        // (N−1) I + Yᵀ Y with rank(Y) < N: the ETKF/LETKF matrix, which has a cluster of equal eigenvalues.
        Random rnd = new Random(2);
        SymmetricEigen eig = new SymmetricEigen(30);
        for (int n : new int[] {2, 5, 20, 30}) {
            for (int rank : new int[] {0, 1, 3}) {
                double[] y = new double[rank * n];
                for (int i = 0; i < y.length; i++) y[i] = 3 * rnd.nextGaussian();
                double[] a = new double[n * n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) {
                        double s = i == j ? n - 1 : 0;
                        for (int l = 0; l < rank; l++) s += y[l * n + i] * y[l * n + j];
                        a[i * n + j] = s;
                    }
                checkDecomposition(a, n, eig);
                double[] lam = eig.values();
                int atFloor = 0;
                for (int m = 0; m < n; m++) if (Math.abs(lam[m] - (n - 1)) <= 1e-12 * (n + 100)) atFloor++;
                assertTrue(atFloor >= n - rank, "n=" + n + " rank=" + rank + ": " + atFloor + " eigenvalues at N−1");
            }
        }
        double[] zero = new double[16];
        checkDecomposition(zero, 4, eig);
        for (int m = 0; m < 4; m++) assertEquals(0.0, eig.values()[m]);
    }

    @Test
    void knownSpectra() {
        SymmetricEigen eig = new SymmetricEigen(50);
        // Diagonal: eigenvalues are the diagonal.
        double[] d = {3, -1, 2, 0.5};
        double[] a = new double[16];
        for (int i = 0; i < 4; i++) a[i * 4 + i] = d[i];
        eig.decompose(a, 4);
        assertArrayEquals(new double[] {-1, 0.5, 2, 3}, java.util.Arrays.copyOf(eig.values(), 4), 1e-15);
        // The 1-D discrete Laplacian tridiag(-1, 2, -1) of size n: λ_k = 2 − 2cos(kπ/(n+1)).
        for (int n : new int[] {7, 50}) {
            double[] l = new double[n * n];
            for (int i = 0; i < n; i++) {
                l[i * n + i] = 2;
                if (i > 0) l[i * n + i - 1] = l[(i - 1) * n + i] = -1;
            }
            eig.decompose(l, n);
            for (int k = 1; k <= n; k++)
                assertEquals(2 - 2 * Math.cos(k * Math.PI / (n + 1)), eig.values()[k - 1], 20 * n * Math.ulp(4.0));
            checkDecomposition(l, n, eig);
        }
        // Dense matrix with the all-ones vector: J = 11ᵀ has eigenvalues 0 (n−1 times) and n.
        int n = 9;
        double[] j = new double[n * n];
        java.util.Arrays.fill(j, 1.0);
        eig.decompose(j, n);
        assertEquals(n, eig.values()[n - 1], 1e-13);
        for (int m = 0; m < n - 1; m++) assertEquals(0, eig.values()[m], 1e-13);
    }

    @Test
    void widelyScaledEntries() {
        Random rnd = new Random(3);
        SymmetricEigen eig = new SymmetricEigen(20);
        for (double scale : new double[] {1e-150, 1e-8, 1e8, 1e150}) {
            double[] a = randomSymmetric(20, rnd);
            for (int i = 0; i < a.length; i++) a[i] *= scale;
            checkDecomposition(a, 20, eig);
        }
    }

    @Test
    void rejectsBadInput() {
        SymmetricEigen eig = new SymmetricEigen(3);
        double[] a = new double[9];
        a[3] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> eig.decompose(a, 3));
        assertTrue(e.getMessage().contains("a[1][0] = NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> eig.decompose(new double[16], 4));
        assertThrows(IllegalArgumentException.class, () -> eig.decompose(new double[4], 3));
    }
}
