package dev.capfence.semantics.sql;

import java.util.List;

/**
 * What a SQL text does, as far as it could be parsed.
 *
 * @param statements  every statement found, in text order; statements nested in another (a data
 *                    modifying CTE, the target of {@code EXPLAIN}, the body of a block, dynamic SQL
 *                    in a string literal) follow the statement that holds them
 * @param unparseable true when some part of the text could not be read with certainty: a parse
 *                    error, a time-out, an over-long input, or dialects disagreeing on what the
 *                    text means; {@code statements} then holds only what could be read
 * @param problems    human-readable reasons; empty exactly when the script is not unparseable
 */
public record SqlScript(List<SqlStatement> statements, boolean unparseable, List<String> problems) {

    public SqlScript {
        statements = statements == null ? List.of() : List.copyOf(statements);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** True when more than one statement was found, nested statements included. */
    public boolean multipleStatements() {
        return statements.size() > 1;
    }
}
