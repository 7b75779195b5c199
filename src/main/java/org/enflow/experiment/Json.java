package org.enflow.experiment;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

/**
 * A minimal JSON writer for result files: maps (in iteration order), collections, primitive arrays,
 * numbers, booleans, strings (escaped per RFC 8259) and null. Non-finite numbers become null, since JSON
 * has no NaN.
 */
public final class Json {
    private Json() {}

    /** The JSON text of {@code value} (maps, collections, arrays, numbers, booleans, strings, null), newline-terminated. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Double || v instanceof Float) {
            double x = ((Number) v).doubleValue();
            sb.append(Double.isFinite(x) ? Double.toString(x) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "\n" : ",\n");
                first = false;
                pad(sb, indent + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
            }
            sb.append('\n');
            pad(sb, indent);
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            writeArray(sb, c.toArray(), indent);
        } else if (v.getClass().isArray()) {
            Object[] items = new Object[Array.getLength(v)];
            for (int i = 0; i < items.length; i++) items[i] = Array.get(v, i);
            writeArray(sb, items, indent);
        } else {
            string(sb, v.toString());
        }
    }

    /** Arrays of scalars on one line; arrays of objects one item per line. */
    private static void writeArray(StringBuilder sb, Object[] items, int indent) {
        boolean flat = true;
        for (Object o : items) flat &= !(o instanceof Map || o instanceof Collection || (o != null && o.getClass().isArray()));
        sb.append('[');
        for (int i = 0; i < items.length; i++) {
            if (i > 0) sb.append(flat ? ", " : ",");
            if (!flat) {
                sb.append('\n');
                pad(sb, indent + 1);
            }
            write(sb, items[i], indent + 1);
        }
        if (!flat && items.length > 0) {
            sb.append('\n');
            pad(sb, indent);
        }
        sb.append(']');
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    private static void pad(StringBuilder sb, int indent) {
        for (int i = 0; i < indent; i++) sb.append("  ");
    }
}
