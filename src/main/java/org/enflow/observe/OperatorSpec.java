package org.enflow.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;

/**
 * The text grammar of observation operators (the CLI's {@code --obs}):
 *
 * <pre>
 *   spec  := stage { ('&gt;' | '+') stage }        stages apply left to right: "every:2:1&gt;arctan"
 *   stage := name [ ':' args ]                    names are case-insensitive; blanks around tokens ignored
 * </pre>
 *
 * Each stage acts on the previous stage's output dimension (the first on the state dimension).
 */
final class OperatorSpec {
    private OperatorSpec() {}

    private static final String[][] FORMS = {
        {"identity", "y = x"},
        {"arctan | atan", "y_k = atan(x_k)"},
        {"tanh", "y_k = tanh(x_k)"},
        {"square", "y_k = x_k^2"},
        {"power:P", "y_k = x_k^P, integer P >= 1"},
        {"signedpower:P", "y_k = sign(x_k)|x_k|^P, real P > 0"},
        {"abs", "y_k = |x_k|"},
        {"scale:C", "y_k = C x_k, finite C (units: scale:0.125>arctan is atan(x/8))"},
        {"every:K[:O]", "components O, O+K, O+2K, ... (0-based; O defaults to 0)"},
        {"select:I,J,...", "the listed components, distinct, in that order"},
        {"component:I", "the single component I"},
        {"mask:P", "random Bernoulli(P) zero mask, 0 < P <= 1: y_k = x_k if observed, else 0 (upstream form)"},
        {"subset:P", "the same random set as mask:P in Select form (only observed components; for classical filters)"},
    };

    static List<String> help() {
        List<String> lines = new ArrayList<>();
        lines.add("Observation operators: stages joined by '>' (or '+') apply left to right;");
        lines.add("each stage acts on the previous stage's output (the first on the state).");
        for (String[] f : FORMS) lines.add(String.format(Locale.ROOT, "  %-16s %s", f[0], f[1]));
        lines.add("mask/subset draw once from the AUXILIARY random stream of the run's seed.");
        lines.add("Examples: arctan | every:2:1>arctan | component:2 | mask:0.5>arctan | select:0,5,7>square | component:0>scale:0.125>arctan");
        return lines;
    }

    static String validForms() {
        StringBuilder sb = new StringBuilder();
        for (String[] f : FORMS) sb.append(sb.length() == 0 ? "" : ", ").append(f[0]);
        return sb.toString();
    }

    static ObservationOperator parse(String spec, int dim, RandomStreams streams) {
        Require.notNull("spec", spec);
        Require.positive("dim", dim);
        String[] stages = spec.split("[>+]", -1);
        List<ObservationOperator> ops = new ArrayList<>();
        UniformRandomProvider auxiliary = null;
        int d = dim;
        for (int j = 0; j < stages.length; j++) {
            String stage = stages[j].trim();
            String where = "observation operator spec '" + spec + "', stage " + (j + 1) + " '" + stage + "'";
            if (stage.isEmpty()) throw new IllegalArgumentException(where + ": empty stage; valid forms: " + validForms());
            int colon = stage.indexOf(':');
            String name = (colon < 0 ? stage : stage.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
            String args = colon < 0 ? null : stage.substring(colon + 1).trim();
            if ((name.equals("mask") || name.equals("subset")) && auxiliary == null) {
                if (streams == null) throw new IllegalArgumentException(where + ": a random " + name + " needs random streams");
                auxiliary = streams.stream(RandomStreams.Purpose.AUXILIARY);
            }
            ObservationOperator op;
            try {
                op = stage(name, args, d, auxiliary);
            } catch (IllegalArgumentException e) { // includes NumberFormatException
                throw new IllegalArgumentException(where + " (input dimension " + d + "): " + e.getMessage(), e);
            }
            if (op == null)
                throw new IllegalArgumentException(where + ": unknown operator '" + name + "'; valid forms: " + validForms());
            ops.add(op);
            d = op.outputDim();
        }
        return Operators.chain(ops.toArray(new ObservationOperator[0]));
    }

    /** One stage on input dimension d; null for an unknown name. */
    private static ObservationOperator stage(String name, String args, int d, UniformRandomProvider auxiliary) {
        switch (name) {
            case "identity": noArgs(name, args); return Operators.identity(d);
            case "arctan":
            case "atan": noArgs(name, args); return Operators.arctan(d);
            case "tanh": noArgs(name, args); return Operators.tanh(d);
            case "square": noArgs(name, args); return Operators.square(d);
            case "abs": noArgs(name, args); return Operators.abs(d);
            case "scale": return Operators.scale(d, real(name, "C", one(name, "C", args)));
            case "power": return Operators.power(d, integer(name, "P", one(name, "P", args)));
            case "signedpower": return Operators.signedPower(d, real(name, "P", one(name, "P", args)));
            case "every": {
                String[] a = list(name, "K[:O]", args, ":");
                if (a.length > 2) throw new IllegalArgumentException("every takes K or K:O, got '" + args + "'");
                return Operators.every(d, integer(name, "K", a[0]), a.length == 2 ? integer(name, "O", a[1]) : 0);
            }
            case "select": {
                String[] a = list(name, "I,J,...", args, ",");
                int[] s = new int[a.length];
                for (int l = 0; l < a.length; l++) s[l] = integer(name, "index", a[l]);
                return Operators.select(d, s);
            }
            case "component": return Operators.component(d, integer(name, "I", one(name, "I", args)));
            case "mask": return Operators.randomMask(d, real(name, "P", one(name, "P", args)), auxiliary);
            case "subset": return Operators.randomSubset(d, real(name, "P", one(name, "P", args)), auxiliary);
            default: return null;
        }
    }

    private static void noArgs(String name, String args) {
        if (args != null) throw new IllegalArgumentException(name + " takes no arguments, got '" + args + "'");
    }

    private static String one(String name, String what, String args) {
        if (args == null || args.isEmpty()) throw new IllegalArgumentException(name + " needs an argument " + what + ", e.g. " + name + ":" + example(name));
        return args;
    }

    private static String[] list(String name, String what, String args, String separator) {
        String[] a = one(name, what, args).split(separator, -1);
        for (int l = 0; l < a.length; l++) {
            a[l] = a[l].trim();
            if (a[l].isEmpty()) throw new IllegalArgumentException(name + ": empty entry in '" + args + "', expected " + what);
        }
        return a;
    }

    private static int integer(String name, String what, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + what + " = '" + text + "' is not an integer");
        }
    }

    private static double real(String name, String what, String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + what + " = '" + text + "' is not a number");
        }
        if (!Double.isFinite(v)) throw new IllegalArgumentException(name + ": " + what + " = '" + text + "' is not finite");
        return v;
    }

    private static String example(String name) {
        switch (name) {
            case "power": return "3";
            case "signedpower": return "1.5";
            case "every": return "2:1";
            case "select": return "0,5,7";
            case "component": return "2";
            case "scale": return "0.125";
            default: return "0.5";
        }
    }
}
