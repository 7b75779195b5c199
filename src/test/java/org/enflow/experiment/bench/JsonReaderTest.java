package org.enflow.experiment.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
    @Test
    void parsesNestedValuesInOrder() {
        Object v = JsonReader.parse(" {\"b\": [1, -2.5e3, true, null], \"a\": {\"s\": \"x\\\"y\\n\\u00e9\"}, \"c\": false} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a", "c"), List.copyOf(m.keySet()));
        List<?> b = (List<?>) m.get("b");
        assertEquals(1.0, b.get(0));
        assertEquals(-2500.0, b.get(1));
        assertEquals(Boolean.TRUE, b.get(2));
        assertEquals(null, b.get(3));
        assertEquals("x\"y\né", ((Map<?, ?>) m.get("a")).get("s"));
        assertEquals(Boolean.FALSE, m.get("c"));
    }

    @Test
    void acceptsTheNonFiniteTokensJmhWrites() {
        List<?> l = (List<?>) JsonReader.parse("[NaN, Infinity, -Infinity, []]");
        assertTrue(Double.isNaN((Double) l.get(0)));
        assertEquals(Double.POSITIVE_INFINITY, l.get(1));
        assertEquals(Double.NEGATIVE_INFINITY, l.get(2));
        assertEquals(List.of(), l.get(3));
    }

    @Test
    void errorsNameLineAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[1,\n  2,, 3]"));
        assertTrue(e.getMessage().contains("line 2, column 5"), e.getMessage());
        for (String bad : new String[] {"", "[1", "{\"a\" 1}", "01", "1.", "\"abc", "[1] x", "{\"a\":tru}", "\"\\q\""}) {
            assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
        }
    }
}
