package org.enflow.experiment;

import org.enflow.ensemble.Ensemble;
import org.enflow.observe.Observation;
import org.junit.jupiter.api.Test;

/** Not a test: prints the share of members on the truth's side (sign of x) per cycle on kde-l63-z. */
class KdeModesCheck {
    @Test
    void print() {
        String filter = System.getProperty("kde.filter", "kde");
        int cycles = Integer.getInteger("kde.cycles", 120);
        ExperimentConfig.Builder b = Presets.get("kde-l63-z").builder().cycles(cycles).threads(2).seed(Long.getLong("kde.seed", Presets.TUNING_SEED));
        if (!filter.equals("kde")) b.filter(filter).filterSettings(java.util.Map.of());
        String sets = System.getProperty("kde.set", "");
        if (!sets.isEmpty()) {
            java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
            for (String kv : sets.split(";")) m.put(kv.split("=")[0], kv.split("=")[1]);
            b.filterSettings(m);
        }
        TwinExperiment.run(b.build(), new RegistryCatalog(), new CycleListener() {
            @Override
            public void onCycle(CycleRecord r, double[] truth, Observation o, Ensemble a) {
                if (r.cycle() % 5 != 0) return;
                int same = 0, n = a.members();
                for (int i = 0; i < n; i++) if (Math.signum(a.get(i, 0)) == Math.signum(truth[0])) same++;
                System.out.printf("cycle %4d truth (%6.2f %6.2f %6.2f) same-side %.3f rmse %.2f spread %.2f nfe %d%n", r.cycle(), truth[0], truth[1],
                        truth[2], (double) same / n, r.rmseAnalysis(), r.spreadAnalysis(), r.nfe());
            }
        });
    }
}
