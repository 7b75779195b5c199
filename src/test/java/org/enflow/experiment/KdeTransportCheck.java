package org.enflow.experiment;

import java.util.List;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.kde.KdeDiffusionFilter;
import org.enflow.filter.kde.KdeFactory;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Model;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.junit.jupiter.api.Test;

/** Not a test: on kde-l63-z, the KDE weight mass with x > 0 before the analysis vs the share of x > 0 after. */
class KdeTransportCheck {
    @Test
    void print() {
        RegistryCatalog reg = new RegistryCatalog();
        Catalog cat = new Catalog() {
            public ModelDefaults modelDefaults(String m) { return reg.modelDefaults(m); }
            public Model model(ExperimentConfig c, Parallel p) { return reg.model(c, p); }
            public double[] referenceState(ExperimentConfig c, Model m) { return reg.referenceState(c, m); }
            public ObservationOperator observation(ExperimentConfig c, RandomStreams s) { return reg.observation(c, s); }
            public List<String> modelHelp() { return reg.modelHelp(); }
            public List<String> observationHelp() { return reg.observationHelp(); }
            public List<FilterFactory> filters() {
                KdeFactory k = new KdeFactory();
                return List.of(new FilterFactory() {
                    public String name() { return "kde"; }
                    public String description() { return ""; }
                    public List<FilterParameter> parameters() { return k.parameters(); }
                    public Filter create(FilterContext c, FilterSettings s) {
                        KdeDiffusionFilter f = (KdeDiffusionFilter) k.create(c, s);
                        return new Filter() {
                            int cycle;
                            public void assimilate(Ensemble e, Observation o) {
                                int n = e.members();
                                boolean[] pos = new boolean[n];
                                int fpos = 0;
                                for (int i = 0; i < n; i++) if (pos[i] = e.get(i, 0) > 0) fpos++;
                                f.assimilate(e, o);
                                double[] l = f.lastLogWeights();
                                double m = Double.NEGATIVE_INFINITY;
                                for (double v : l) m = Math.max(m, v);
                                double sum = 0, sp = 0;
                                for (int i = 0; i < n; i++) { double w = Math.exp(l[i] - m); sum += w; if (pos[i]) sp += w; }
                                int apos = 0;
                                for (int i = 0; i < n; i++) if (e.get(i, 0) > 0) apos++;
                                if (cycle <= 25) System.out.printf("cycle %3d forecast x>0 %.3f weight mass x>0 %.3f ESS %.0f -> analysis x>0 %.3f (steps %d)%n",
                                        cycle, (double) fpos / n, sp / sum, f.lastEffectiveSampleSize(), (double) apos / n, f.lastAcceptedSteps());
                                cycle++;
                            }
                            public String describe() { return f.describe(); }
                        };
                    }
                });
            }
        };
        String sets = System.getProperty("kde.set", "");
        ExperimentConfig.Builder b = Presets.get("kde-l63-z").builder().cycles(26).threads(2);
        if (!sets.isEmpty()) {
            java.util.Map<String, String> mm = new java.util.LinkedHashMap<>();
            for (String kv : sets.split(";")) mm.put(kv.split("=")[0], kv.split("=")[1]);
            b.filterSettings(mm);
        }
        TwinExperiment.run(b.build(), cat);
    }
}
