package org.enflow.model;

import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * Scratch workspaces shared by the blocks of a parallel loop: a block takes one, uses it, gives it back.
 * At most (concurrent blocks) workspaces are ever created, so after the first call nothing is allocated.
 * Workspaces hold only scratch values, so which one a block gets never changes a result.
 */
final class WorkspacePool<T> {
    private final Supplier<T> factory;
    private final ArrayList<T> free = new ArrayList<>();

    WorkspacePool(Supplier<T> factory) {
        this.factory = factory;
    }

    T acquire() {
        synchronized (free) {
            int n = free.size();
            if (n > 0) return free.remove(n - 1);
        }
        return factory.get();
    }

    void release(T workspace) {
        synchronized (free) {
            free.add(workspace);
        }
    }
}
