package org.enflow.experiment;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer for result files: maps (in iteration order), collections, primitive arrays,
 * numbers, booleans, strings (escaped per RFC 8259) and null. Non-finite numbers become null, since JSON
 * has no NaN. {@link #parse} reads such files back (for tools that aggregate runs).
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

    /**
     * Parses one JSON value (RFC 8259): objects become {@code LinkedHashMap<String, Object>} (key order
     * kept), arrays {@code List<Object>}, numbers {@code Double}, plus String, Boolean and null.
     */
    static Object parse(String text) {
        Reader r = new Reader(text);
        r.space();
        Object v = r.value();
        r.space();
        if (r.pos != text.length()) throw r.error("end of input");
        return v;
    }

    /** Recursive-descent reader over the text; {@code pos} is the next unread character. */
    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) {
            this.s = s;
        }

        Object value() {
            if (pos >= s.length()) throw error("a value");
            char c = s.charAt(pos);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw error("a value");
            }
        }

        Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++;
            space();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                space();
                if (peek() != '"') throw error("a string key");
                String key = string();
                space();
                expect(':');
                space();
                m.put(key, value());
                space();
                if (peek() == ',') pos++;
                else {
                    expect('}');
                    return m;
                }
            }
        }

        List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            space();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                space();
                list.add(value());
                space();
                if (peek() == ',') pos++;
                else {
                    expect(']');
                    return list;
                }
            }
        }

        String string() {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= s.length()) throw error("a closing quote");
                char c = s.charAt(pos++);
                if (c == '"') return sb.toString();
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= s.length()) throw error("an escape");
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) throw error("4 hex digits");
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw error("a valid escape");
                }
            }
        }

        Double number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) pos++;
            try {
                return Double.valueOf(s.substring(start, pos));
            } catch (NumberFormatException ex) {
                pos = start;
                throw error("a number");
            }
        }

        Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) throw error(word);
            pos += word.length();
            return v;
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        void expect(char c) {
            if (peek() != c) throw error("'" + c + "'");
            pos++;
        }

        void space() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) pos++;
        }

        IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("JSON at offset " + pos + ": expected " + expected);
        }
    }

    private static void pad(StringBuilder sb, int indent) {
        for (int i = 0; i < indent; i++) sb.append("  ");
    }
}
