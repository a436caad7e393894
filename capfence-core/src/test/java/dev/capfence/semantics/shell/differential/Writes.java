package dev.capfence.semantics.shell.differential;

import java.util.List;

/**
 * What a run left changed in the file system, from the overlay's upper layer: absolute sandbox paths,
 * sorted. A deleted directory is listed by the files it held; a created directory only when it is empty.
 */
record Writes(List<String> created, List<String> changed, List<String> deleted) {
    Writes {
        created = List.copyOf(created);
        changed = List.copyOf(changed);
        deleted = List.copyOf(deleted);
    }

    static Writes none() {
        return new Writes(List.of(), List.of(), List.of());
    }
}
