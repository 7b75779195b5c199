package org.enflow.filter.flowdas;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.enflow.kernel.Require;
import org.enflow.learn.Mlp;

/**
 * The file format of a trained FlowDAS drift ({@link MlpDrift}), written by {@code enflow train-drift} and
 * read by {@code --set drift=FILE}. UTF-8 text, one item per line, fields separated by single spaces,
 * numbers in Java's shortest round-trip form ({@link Double#toString}), so a file read back gives the
 * bit-identical network:
 *
 * <pre>
 *   enflow-flowdas-drift 1                       magic and format version (this reader: version 1)
 *   dim D                                        state dimension d
 *   fourier K                                    Fourier pairs of s in the input (inputs = 2d + 1 + 2K)
 *   layers N0 N1 … NL                            widths: N0 = 2d + 1 + 2K inputs, NL = d outputs; SiLU between
 *   epsilon E                                    the interpolant's ε
 *   shift S1 … Sd                                normalization u = (x − shift)/scale
 *   scale C1 … Cd
 *   transition_steps T                           model steps between x₀ and x₁ in the training pairs
 *   dt H                                         the model time step
 *   model TEXT                                   the model the pairs came from (free text, one line)
 *   info KEY VALUE…                              zero or more free-form training facts (KEY without blanks)
 *   parameters P                                 P = the parameter count of the layers above
 *   V1                                           P lines of one number each: layer by layer W_l (N_l × N_{l+1},
 *   …                                            row-major, input index major) then b_l
 *   end
 * </pre>
 *
 * The reader checks the magic, the version, every key in this order, counts, finiteness (scale &gt; 0),
 * the layer widths against d and K, the parameter count, and that "end" is the last non-blank line; a
 * failure is an IllegalArgumentException naming the file, the line and what was expected.
 */
public final class DriftFile {
    public static final String MAGIC = "enflow-flowdas-drift";
    public static final int VERSION = 1;

    private DriftFile() {}

    /** Writes {@code drift} to {@code file} (replacing it). */
    public static void write(MlpDrift drift, Path file) {
        Require.notNull("drift", drift);
        Require.notNull("file", file);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int d = drift.dim();
            Normalization n = drift.normalization();
            w.write(MAGIC + " " + VERSION + "\n");
            w.write("dim " + d + "\n");
            w.write("fourier " + drift.fourier() + "\n");
            w.write("layers" + join(drift.network().sizes()) + "\n");
            w.write("epsilon " + drift.interpolant().epsilon() + "\n");
            w.write("shift" + join(n.shift()) + "\n");
            w.write("scale" + join(n.scale()) + "\n");
            w.write("transition_steps " + drift.stepsPerTransition() + "\n");
            w.write("dt " + drift.dt() + "\n");
            w.write("model " + drift.model() + "\n");
            for (Map.Entry<String, String> e : drift.info().entrySet()) {
                if (e.getKey().isEmpty() || e.getKey().matches(".*\\s.*") || e.getValue().contains("\n"))
                    throw new IllegalArgumentException("info key '" + e.getKey() + "': expected no blanks and a one-line value");
                w.write("info " + e.getKey() + " " + e.getValue() + "\n");
            }
            double[] p = drift.network().parameters();
            w.write("parameters " + p.length + "\n");
            StringBuilder sb = new StringBuilder(p.length * 24);
            for (double v : p) sb.append(v).append('\n');
            w.write(sb.toString());
            w.write("end\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write drift file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads and validates a drift file. */
    public static MlpDrift read(Path file) {
        Require.notNull("file", file);
        List<String> lines;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) lines.add(line);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("drift file " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("drift file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        return new Parser(file.toString(), lines).parse();
    }

    private static String join(int[] v) {
        StringBuilder s = new StringBuilder();
        for (int x : v) s.append(' ').append(x);
        return s.toString();
    }

    private static String join(double[] v) {
        StringBuilder s = new StringBuilder();
        for (double x : v) s.append(' ').append(x);
        return s.toString();
    }

    private static final class Parser {
        private final String name;
        private final List<String> lines;
        private int at;

        Parser(String name, List<String> lines) {
            this.name = name;
            this.lines = lines;
        }

        MlpDrift parse() {
            if (lines.isEmpty()) throw error(1, "the file is empty; expected '" + MAGIC + " " + VERSION + "'");
            String[] head = lines.get(0).strip().split(" ");
            if (head.length != 2 || !head[0].equals(MAGIC))
                throw error(1, "expected '" + MAGIC + " <version>', got '" + shorten(lines.get(0)) + "' (not an enflow drift file)");
            int version = integer(head[1], 1, "version");
            if (version != VERSION)
                throw error(1, "format version " + version + " is not supported; this enflow reads version " + VERSION);
            at = 1;
            int d = positive(one("dim"), "dim");
            int fourier = integer(one("fourier"), at, "fourier");
            if (fourier < 0) throw error(at, "fourier = " + fourier + ": expected an integer >= 0");
            String[] layerText = fields("layers", -1);
            if (layerText.length < 2) throw error(at, "layers: expected at least two widths");
            int[] sizes = new int[layerText.length];
            for (int l = 0; l < sizes.length; l++) sizes[l] = positive(layerText[l], "layer width");
            int inputs = MlpDrift.inputs(d, fourier);
            if (sizes[0] != inputs) throw error(at, "layers: the first width is " + sizes[0] + ", expected 2d + 1 + 2K = " + inputs);
            if (sizes[sizes.length - 1] != d) throw error(at, "layers: the last width is " + sizes[sizes.length - 1] + ", expected d = " + d);
            double epsilon = number(one("epsilon"), "epsilon");
            if (!(epsilon > 0)) throw error(at, "epsilon = " + epsilon + ": expected > 0");
            double[] shift = numbers(fields("shift", d), "shift");
            double[] scale = numbers(fields("scale", d), "scale");
            for (int c = 0; c < d; c++) if (!(scale[c] > 0)) throw error(at, "scale[" + c + "] = " + scale[c] + ": expected > 0");
            int steps = positive(one("transition_steps"), "transition_steps");
            double dt = number(one("dt"), "dt");
            if (!(dt > 0)) throw error(at, "dt = " + dt + ": expected > 0");
            String model = rest("model");
            Map<String, String> info = new LinkedHashMap<>();
            while (at < lines.size() && lines.get(at).startsWith("info ")) {
                String text = lines.get(at).substring(5);
                int blank = text.indexOf(' ');
                if (blank <= 0) throw error(at + 1, "info: expected 'info KEY VALUE'");
                info.put(text.substring(0, blank), text.substring(blank + 1));
                at++;
            }
            Mlp net = new Mlp(sizes);
            int count = positive(one("parameters"), "parameters");
            if (count != net.parameterCount())
                throw error(at, "parameters = " + count + ": the layers " + java.util.Arrays.toString(sizes) + " have "
                        + net.parameterCount());
            double[] p = new double[count];
            for (int i = 0; i < count; i++) {
                if (at >= lines.size()) throw error(at + 1, "the file ends after " + i + " of " + count + " parameters");
                at++; // 1-based line number of this parameter, as error() expects
                p[i] = number(lines.get(at - 1).strip(), "parameter " + i);
            }
            if (at >= lines.size() || !lines.get(at).strip().equals("end"))
                throw error(at + 1, "expected 'end' after the " + count + " parameters"
                        + (at < lines.size() ? ", got '" + shorten(lines.get(at)) + "'" : ", got the end of the file"));
            for (int k = at + 1; k < lines.size(); k++)
                if (!lines.get(k).isBlank()) throw error(k + 1, "unexpected text after 'end': '" + shorten(lines.get(k)) + "'");
            net.setParameters(p);
            return new MlpDrift(net, d, fourier, new StochasticInterpolant(epsilon), new Normalization(shift, scale), steps, dt,
                    model, info);
        }

        /** The fields after {@code key} on the next line; {@code count} of them, or any number if negative. */
        private String[] fields(String key, int count) {
            if (at >= lines.size()) throw error(at + 1, "the file ends; expected '" + key + "'");
            String line = lines.get(at).strip();
            at++;
            String[] f = line.split(" +");
            if (!f[0].equals(key)) throw error(at, "expected '" + key + " …', got '" + shorten(line) + "'");
            String[] v = java.util.Arrays.copyOfRange(f, 1, f.length);
            if (count >= 0 && v.length != count)
                throw error(at, key + ": expected " + count + " value" + (count == 1 ? "" : "s") + ", got " + v.length);
            return v;
        }

        private String one(String key) {
            return fields(key, 1)[0];
        }

        private String rest(String key) {
            if (at >= lines.size()) throw error(at + 1, "the file ends; expected '" + key + "'");
            String line = lines.get(at);
            at++;
            if (line.equals(key)) return "";
            if (!line.startsWith(key + " ")) throw error(at, "expected '" + key + " …', got '" + shorten(line) + "'");
            return line.substring(key.length() + 1);
        }

        private int positive(String text, String what) {
            int v = integer(text, at, what);
            if (v <= 0) throw error(at, what + " = " + v + ": expected a positive integer");
            return v;
        }

        private int integer(String text, int line, String what) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw error(line, what + " = '" + shorten(text) + "': expected an integer");
            }
        }

        private double number(String text, String what) {
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error(at, what + " = '" + shorten(text) + "': expected a number");
            }
            if (!Double.isFinite(v)) throw error(at, what + " = " + text + ": expected a finite number");
            return v;
        }

        private double[] numbers(String[] text, String what) {
            double[] v = new double[text.length];
            for (int i = 0; i < v.length; i++) v[i] = number(text[i], what + "[" + i + "]");
            return v;
        }

        private IllegalArgumentException error(int line, String message) {
            return new IllegalArgumentException("drift file " + name + ", line " + line + ": " + message);
        }

        private static String shorten(String s) {
            return s.length() <= 60 ? s : s.substring(0, 57) + "...";
        }
    }
}
