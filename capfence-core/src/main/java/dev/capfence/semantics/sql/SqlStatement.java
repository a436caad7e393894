package dev.capfence.semantics.sql;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One statement found in a SQL text.
 *
 * @param kind         upper-case statement kind, e.g. {@code SELECT}, {@code DELETE}, {@code DROP}
 * @param tables       lower-cased table (or, for DDL on other objects, object) names it touches,
 *                     schema-qualified as written, quotes removed; sorted, unmodifiable
 * @param whereMissing true for an UPDATE or DELETE without a WHERE clause, or whose WHERE is a
 *                     tautology made of literals ({@code 1=1}, {@code TRUE}, {@code 'a'='a'}, ...)
 */
public record SqlStatement(String kind, Set<String> tables, boolean whereMissing) {

    public SqlStatement {
        Objects.requireNonNull(kind, "kind");
        // Sorted so that equal statements compare and print the same whatever the visiting order.
        tables = tables == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(tables));
    }
}
