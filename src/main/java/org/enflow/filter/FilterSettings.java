package org.enflow.filter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hyperparameter values given as strings (from {@code --set key=value}), checked against a filter's
 * declared parameters and parsed with errors that name the key, the value and what was expected.
 */
public final class FilterSettings {
    private final String filter;
    private final Map<String, String> values = new LinkedHashMap<>();

    public FilterSettings(String filter, List<FilterParameter> declared, Map<String, String> given) {
        this.filter = filter;
        for (FilterParameter p : declared) values.put(p.key(), p.defaultValue());
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!values.containsKey(e.getKey())) {
                throw new IllegalArgumentException("--set " + e.getKey() + "=" + e.getValue() + ": filter '" + filter
                        + "' has no parameter '" + e.getKey() + "'; expected one of " + values.keySet());
            }
            values.put(e.getKey(), e.getValue());
        }
    }

    /** The effective values, defaults included, in declaration order. */
    public Map<String, String> effective() {
        return java.util.Collections.unmodifiableMap(values);
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) throw new IllegalStateException("filter '" + filter + "' declares no parameter '" + key + "'");
        return v;
    }

    public double number(String key) {
        String v = string(key);
        try {
            double x = Double.parseDouble(v);
            if (!Double.isFinite(x)) throw new NumberFormatException();
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--set " + key + "=" + v + ": expected a finite number");
        }
    }

    public double positive(String key) {
        double x = number(key);
        if (!(x > 0)) throw new IllegalArgumentException("--set " + key + "=" + string(key) + ": expected a number > 0");
        return x;
    }

    public int integer(String key) {
        String v = string(key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--set " + key + "=" + v + ": expected an integer");
        }
    }

    public boolean bool(String key) {
        String v = string(key).toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("yes") || v.equals("1")) return true;
        if (v.equals("false") || v.equals("no") || v.equals("0")) return false;
        throw new IllegalArgumentException("--set " + key + "=" + string(key) + ": expected true or false");
    }

    /** The value, which must be one of {@code allowed}. */
    public String choice(String key, String... allowed) {
        String v = string(key);
        for (String a : allowed) if (a.equalsIgnoreCase(v)) return a;
        throw new IllegalArgumentException("--set " + key + "=" + v + ": expected one of " + String.join(", ", allowed));
    }
}
