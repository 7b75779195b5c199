package org.enflow.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of filters the CLI knows, in the order {@code enflow list} shows them. Add a filter's
 * factory here when it lands.
 */
public final class Filters {
    private Filters() {}

    public static List<FilterFactory> all() {
        List<FilterFactory> list = new ArrayList<>();
        list.add(new FreeForecast.Factory());
        list.add(new org.enflow.filter.generative.EnffFactory());
        list.add(new org.enflow.filter.generative.EnsfFactory());
        list.add(new org.enflow.filter.kde.KdeFactory());
        list.add(new org.enflow.filter.flowdas.FlowDasFactory());
        list.add(new org.enflow.filter.classical.EnkfPo.Factory());
        list.add(new org.enflow.filter.classical.Etkf.Factory());
        list.add(new org.enflow.filter.classical.Letkf.Factory());
        list.add(new org.enflow.filter.classical.BootstrapParticleFilter.Factory());
        list.add(new org.enflow.filter.classical.KalmanEnsembleFilter.Factory());
        return list;
    }

    public static FilterFactory byName(String name) {
        List<String> names = new ArrayList<>();
        for (FilterFactory f : all()) {
            if (f.name().equalsIgnoreCase(name)) return f;
            names.add(f.name());
        }
        throw new IllegalArgumentException("--filter " + name + ": unknown filter; expected one of " + names);
    }
}
