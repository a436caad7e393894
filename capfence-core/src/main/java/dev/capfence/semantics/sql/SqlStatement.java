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
 * @param whereMissing true for an UPDATE or DELETE without a WHERE clause, or whose WHERE is always
 *                     true ({@code 1=1}, {@code TRUE}, {@code id = id}, ...); for a MERGE whose ON is
 *                     always true
 * @param functions    lower-cased names of the functions it calls, decoded as the database decodes them
 *                     ({@code U&"FILE_\0057RITE"} is {@code file_write}), each qualified as written and
 *                     also unqualified ({@code public.file_write} and {@code file_write}); sorted,
 *                     unmodifiable
 */
public record SqlStatement(String kind, Set<String> tables, boolean whereMissing, Set<String> functions) {

    public SqlStatement {
        Objects.requireNonNull(kind, "kind");
        // Sorted so that equal statements compare and print the same whatever the visiting order.
        tables = tables == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(tables));
        functions = functions == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(functions));
    }

    /** A statement that calls no function. */
    public SqlStatement(String kind, Set<String> tables, boolean whereMissing) {
        this(kind, tables, whereMissing, Set.of());
    }

    /** This statement, also calling {@code more}. */
    SqlStatement withFunctions(Set<String> more) {
        if (more.isEmpty() || functions.containsAll(more)) {
            return this;
        }
        Set<String> all = new TreeSet<>(functions);
        all.addAll(more);
        return new SqlStatement(kind, tables, whereMissing, all);
    }
}
