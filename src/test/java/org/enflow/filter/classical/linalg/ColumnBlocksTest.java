package org.enflow.filter.classical.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

class ColumnBlocksTest {
    /**
     * The cuts: inline under the fork threshold; WIDTH-column blocks for wide ranges; a narrow range with much work in
     * two blocks cut at a multiple of PAD from its start; the same cuts on 1 and 2 threads.
     */
    @Test
    void cutsDependOnTheRangeAndWorkOnly() {
        assertEquals(List.of("3+40"), cuts(1, 100, 3, 43));
        assertEquals(List.of("3+40"), cuts(2, ColumnBlocks.NARROW_SPLIT_FMAS - 1, 3, 43));
        assertEquals(List.of("3+24", "27+16"), cuts(2, ColumnBlocks.NARROW_SPLIT_FMAS, 3, 43));
        assertEquals(List.of("3+24", "27+16"), cuts(1, ColumnBlocks.NARROW_SPLIT_FMAS, 3, 43));
        assertEquals(List.of("0+8"), cuts(2, 1L << 30, 0, 8));
        assertEquals(List.of("0+8", "8+1"), cuts(2, 1L << 30, 0, 9));
        assertEquals(List.of("0+64", "64+64", "128+2"), cuts(2, 1L << 20, 0, 130));
    }

    private static List<String> cuts(int threads, long fmas, int from, int to) {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Parallel p = new Parallel(threads)) {
            ColumnBlocks.run(p, fmas, from, to, (f, w) -> seen.add(f + "+" + w));
        }
        return seen.stream().sorted((a, b) -> Integer.compare(Integer.parseInt(a.split("\\+")[0]), Integer.parseInt(b.split("\\+")[0]))).toList();
    }
}
