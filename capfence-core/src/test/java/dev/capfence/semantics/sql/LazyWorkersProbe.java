package dev.capfence.semantics.sql;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Policy;
import java.util.Map;

/** Run in a fresh JVM by {@link LazyWorkersTest}: says when the SQL worker pool comes into being. */
public final class LazyWorkersProbe {

    private static final String NO_SQL = """
            version: 1
            name: files
            allow:
              - id: read
                capability: fs.read
            """;

    private static final String WITH_SQL = """
            version: 1
            name: db
            deny:
              - id: unreadable
                capability: db.query
                sql: {unparseable: true}
              - id: no-drop
                capability: db.query
                sql: {statements_any: [DROP]}
            allow:
              - id: rest
                capability: db.query
            """;

    public static void main(String[] args) {
        ActionRuntime files = ActionRuntime.fromPolicy(Policy.parse(NO_SQL, "files.yaml"));
        Verdict read = files.evaluate(ActionEvent.create("a", "fs", "read", null, Map.of("path", "/tmp/x")));
        System.out.println("no-sql " + read.decision().wireName() + " started=" + SqlAnalyzer.started());
        ActionRuntime db = ActionRuntime.fromPolicy(Policy.parse(WITH_SQL, "db.yaml"));
        System.out.println("compiled started=" + SqlAnalyzer.started());
        Verdict drop = db.evaluate(ActionEvent.create("a", "db", "query", null, Map.of("query", "DROP TABLE t")));
        System.out.println("sql " + drop.decision().wireName() + " started=" + SqlAnalyzer.started());
        System.out.println("problems " + SqlAnalyzer.analyze("SELECT 1").problems());
    }

    private LazyWorkersProbe() {
    }
}
