package org.enflow.filter.classical.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

class ColumnBlocksTest {
    /**
     * The cuts: inline under the fork threshold; WIDTH-column blocks for wide ranges, narrower ones (multiples of 16)
     * so a range makes at least 16; a narrow range with much work in two blocks cut at a multiple of PAD from its
     * start; the same cuts on 1 and 2 threads.
     */
    @Test
    void cutsDependOnTheRangeAndWorkOnly() {
        assertEquals(List.of("3+40"), cuts(1, 100, 3, 43));
        assertEquals(List.of("3+40"), cuts(2, ColumnBlocks.NARROW_SPLIT_FMAS - 1, 3, 43));
        assertEquals(List.of("3+24", "27+16"), cuts(2, ColumnBlocks.NARROW_SPLIT_FMAS, 3, 43));
        assertEquals(List.of("3+24", "27+16"), cuts(1, ColumnBlocks.NARROW_SPLIT_FMAS, 3, 43));
        assertEquals(List.of("0+8"), cuts(2, 1L << 30, 0, 8));
        assertEquals(List.of("0+8", "8+1"), cuts(2, 1L << 30, 0, 9));
        assertEquals(List.of("0+16", "16+16", "32+16", "48+16", "64+16", "80+16", "96+16", "112+16", "128+2"), cuts(2, 1L << 20, 0, 130));
        assertEquals(32, ColumnBlocks.width(504)); // 16 blocks over N = 500 (ld 504), not 8
        assertEquals(64, ColumnBlocks.width(1000));
        assertEquals(64, ColumnBlocks.width(5000));
        assertEquals(16, ColumnBlocks.width(65));
    }

    private static List<String> cuts(int threads, long fmas, int from, int to) {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Parallel p = new Parallel(threads)) {
            ColumnBlocks.run(p, fmas, from, to, (f, w) -> seen.add(f + "+" + w));
        }
        return seen.stream().sorted((a, b) -> Integer.compare(Integer.parseInt(a.split("\\+")[0]), Integer.parseInt(b.split("\\+")[0]))).toList();
    }
}
