package dev.capfence.semantics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlAnalyzerTest {

    private static SqlScript ok(String sql) {
        SqlScript s = SqlAnalyzer.analyze(sql);
        assertThat(s.unparseable()).as("unparseable: %s %s", sql, s.problems()).isFalse();
        assertThat(s.problems()).isEmpty();
        return s;
    }

    private static SqlStatement single(String sql) {
        SqlScript s = ok(sql);
        assertThat(s.statements()).as(sql).hasSize(1);
        return s.statements().get(0);
    }

    private static List<String> kinds(SqlScript s) {
        return s.statements().stream().map(SqlStatement::kind).toList();
    }

    @Nested
    class Kinds {

        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', textBlock = """
                SELECT   | SELECT a FROM t
                SELECT   | VALUES (1), (2)
                SELECT   | SELECT 1 UNION SELECT 2
                SELECT   | (SELECT 1)
                INSERT   | INSERT INTO t (a) VALUES (1)
                INSERT   | INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO NOTHING
                UPDATE   | UPDATE t SET a = 1 WHERE id = 2
                DELETE   | DELETE FROM t WHERE id = 2
                MERGE    | MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.a = s.a
                UPSERT   | UPSERT INTO t VALUES (1)
                REPLACE  | REPLACE INTO t VALUES (1)
                CREATE   | CREATE TABLE t (a int)
                CREATE   | CREATE VIEW v AS SELECT a FROM t
                CREATE   | CREATE INDEX i ON t (a)
                CREATE   | CREATE USER bob
                ALTER    | ALTER TABLE t ADD COLUMN b int
                ALTER    | ALTER USER bob WITH PASSWORD 'x'
                DROP     | DROP TABLE t
                DROP     | DROP VIEW v
                TRUNCATE | TRUNCATE TABLE t
                GRANT    | GRANT SELECT ON t TO bob
                REVOKE   | REVOKE SELECT ON t FROM bob
                CALL     | CALL refresh_all()
                EXECUTE  | EXECUTE prepared_one(1)
                SET      | SET search_path = app
                SHOW     | SHOW TABLES
                SHOW     | SHOW CREATE TABLE t
                USE      | USE app
                COMMENT  | COMMENT ON TABLE t IS 'x'
                RENAME   | RENAME TABLE a TO b
                DESCRIBE | DESCRIBE t
                COMMIT   | COMMIT
                ROLLBACK | ROLLBACK
                BEGIN    | BEGIN
                BEGIN    | START TRANSACTION
                COMMIT   | END
                """)
        void mapsEachStatementClassToItsKind(String kind, String sql) {
            assertThat(single(sql).kind()).isEqualTo(kind);
        }

        @Test
        void explainIsTheExplainedStatement() {
            // EXPLAIN ANALYZE runs the DELETE; EXPLAIN SELECT is one read, not two statements
            SqlScript s = ok("EXPLAIN ANALYZE DELETE FROM t");
            assertThat(kinds(s)).containsExactly("DELETE");
            assertThat(s.statements().get(0).whereMissing()).isTrue();
            assertThat(kinds(ok("EXPLAIN (ANALYZE, COSTS OFF) UPDATE t SET a = 1"))).containsExactly("UPDATE");
            SqlScript read = ok("EXPLAIN SELECT * FROM analytics.events");
            assertThat(read.statements()).containsExactly(new SqlStatement("SELECT", Set.of("analytics.events"), false));
            assertThat(read.multipleStatements()).isFalse();
        }
    }

    @Nested
    class Tables {

        @Test
        void lowerCasesAndUnquotesAndKeepsTheSchema() {
            assertThat(single("SELECT * FROM \"Analytics\".\"Users\"").tables()).containsExactly("analytics.users");
            assertThat(single("SELECT * FROM `Db`.`Orders`").tables()).containsExactly("db.orders");
            assertThat(single("SELECT * FROM ANALYTICS.users").tables()).containsExactly("analytics.users");
            assertThat(single("SELECT * FROM \"drop table\"").tables()).containsExactly("drop table");
        }

        @Test
        void includesJoinsSubqueriesAndCteSourcesButNotCteNames() {
            SqlStatement s = single("""
                    WITH recent AS (SELECT * FROM orders WHERE d > now())
                    SELECT * FROM recent r JOIN customers c ON c.id = r.cid
                    WHERE c.id IN (SELECT id FROM vip)""");
            assertThat(s.tables()).containsExactlyInAnyOrder("orders", "customers", "vip");
        }

        @Test
        void insertSelectAndCreateAsSelectCountTheirSources() {
            assertThat(single("INSERT INTO audit_logs SELECT * FROM staging").tables())
                    .containsExactlyInAnyOrder("audit_logs", "staging");
            assertThat(single("CREATE TABLE loot AS SELECT * FROM users").tables())
                    .containsExactlyInAnyOrder("loot", "users");
        }

        @Test
        void aDmlTargetIsARealTableEvenWhenACteHasItsName() {
            SqlStatement s = single("WITH audit_logs AS (SELECT 1) DELETE FROM audit_logs");
            assertThat(s.kind()).isEqualTo("DELETE");
            assertThat(s.tables()).containsExactly("audit_logs");
        }

        @Test
        void ddlAndPrivilegesNameTheirObject() {
            assertThat(single("DROP TABLE IF EXISTS a, b CASCADE").tables()).containsExactlyInAnyOrder("a", "b");
            assertThat(single("TRUNCATE TABLE a, b").tables()).containsExactlyInAnyOrder("a", "b");
            assertThat(single("ALTER TABLE app.t DROP COLUMN c").tables()).containsExactly("app.t");
            assertThat(single("GRANT ALL ON app.t TO bob").tables()).containsExactly("app.t");
            assertThat(single("REVOKE ALL ON app.t FROM bob").tables()).containsExactly("app.t");
            assertThat(single("CREATE INDEX i ON t (a)").tables()).containsExactly("t");
            assertThat(single("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE").tables())
                    .containsExactlyInAnyOrder("t", "s");
        }

        @Test
        void kindsWithoutTablesHaveAnEmptySet() {
            assertThat(single("SET search_path = app").tables()).isEmpty();
            assertThat(single("CALL p(1)").tables()).isEmpty();
            assertThat(single("SELECT 1").tables()).isEmpty();
        }
    }

    @Nested
    class WhereMissing {

        @ParameterizedTest
        @ValueSource(strings = {
                "DELETE FROM t",
                "DELETE FROM t WHERE 1=1",
                "DELETE FROM t WHERE (1 = 1)",
                "DELETE FROM t WHERE TRUE",
                "DELETE FROM t WHERE true",
                "DELETE FROM t WHERE 1",
                "DELETE FROM t WHERE 'a' = 'a'",
                "DELETE FROM t WHERE NOT FALSE",
                "DELETE FROM t WHERE 2 > 1",
                "DELETE FROM t WHERE 1 <> 2",
                "DELETE FROM t WHERE id = id",
                "DELETE FROM t WHERE id = 5 OR 1 = 1",
                "DELETE FROM t WHERE 1=1 AND 2=2",
                "DELETE FROM t WHERE 1=1 OR a = 1 OR a = 2 OR a = 3 OR a = 4 OR a = 5",
                "DELETE FROM t WHERE (a = 1 AND b = 2) OR (TRUE)",
                "DELETE FROM t WHERE NULL IS NULL",
                "DELETE FROM t LIMIT 10",
                "UPDATE t SET a = 1",
                "UPDATE t SET a = 1 WHERE true",
                "UPDATE t SET a = 1 WHERE 1 = 1",
                "WITH x AS (SELECT 1) UPDATE t SET a = 1",
        })
        void isTrueWithoutARealCondition(String sql) {
            assertThat(single(sql).whereMissing()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "DELETE FROM t WHERE id = 5",
                "DELETE FROM t WHERE 1=1 AND id = 5",
                "DELETE FROM t WHERE 1 = 0",
                "DELETE FROM t WHERE id = other_id",
                "DELETE FROM t WHERE id IN (SELECT id FROM u)",
                "UPDATE t SET a = 1 WHERE id = 5",
                "UPDATE t SET a = 1 WHERE false",
                "SELECT * FROM t",
                "INSERT INTO t VALUES (1)",
                "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE",
                "DROP TABLE t",
        })
        void isFalseWithARealConditionOrForOtherKinds(String sql) {
            assertThat(single(sql).whereMissing()).isFalse();
        }
    }

    @Nested
    class Nesting {

        @Test
        void aDataModifyingCteIsListedAfterTheQuery() {
            SqlScript s = ok("WITH gone AS (DELETE FROM users RETURNING *) SELECT * FROM gone");
            assertThat(kinds(s)).containsExactly("SELECT", "DELETE");
            assertThat(s.statements().get(1)).isEqualTo(new SqlStatement("DELETE", Set.of("users"), true));
        }

        @Test
        void aCteBeforeDeleteIsPartOfTheDelete() {
            SqlScript s = ok("WITH x AS (SELECT id FROM staging) DELETE FROM t");
            assertThat(s.statements()).containsExactly(new SqlStatement("DELETE", Set.of("t", "staging"), true));
        }

        @Test
        void aBlockListsItsStatements() {
            SqlScript s = ok("BEGIN DELETE FROM t; UPDATE u SET a = 1 WHERE id = 2; END");
            assertThat(kinds(s)).containsExactly("BLOCK", "DELETE", "UPDATE");
            assertThat(s.statements().get(1).whereMissing()).isTrue();
            assertThat(s.statements().get(2).whereMissing()).isFalse();
        }

        @Test
        void dynamicSqlInAStringLiteralIsRead() {
            SqlScript s = ok("EXECUTE IMMEDIATE 'DELETE FROM t WHERE name = ''x'''");
            assertThat(s.statements()).containsExactly(
                    new SqlStatement("EXECUTE", Set.of(), false),
                    new SqlStatement("DELETE", Set.of("t"), false));
            assertThat(kinds(ok("EXEC sp_executesql N'DROP TABLE t'"))).containsExactly("EXECUTE", "DROP");
            assertThat(kinds(ok("EXECUTE IMMEDIATE 'EXECUTE IMMEDIATE ''DROP TABLE t'''")))
                    .containsExactly("EXECUTE", "EXECUTE", "DROP");
        }

        @Test
        void preparedSqlIsRead() {
            assertThat(kinds(ok("PREPARE s FROM 'DROP TABLE t'"))).containsExactly("PREPARE", "DROP");
            SqlScript pg = ok("PREPARE p (int) AS DELETE FROM t WHERE id = $1");
            assertThat(pg.statements()).containsExactly(
                    new SqlStatement("PREPARE", Set.of(), false),
                    new SqlStatement("DELETE", Set.of("t"), false));
            assertThat(kinds(ok("DEALLOCATE PREPARE s"))).containsExactly("DEALLOCATE");
            SqlScript variable = SqlAnalyzer.analyze("PREPARE s FROM @sql");
            assertThat(variable.unparseable()).isTrue();
            assertThat(kinds(variable)).containsExactly("PREPARE");
        }

        @Test
        void selectIntoIsACreateAndIntoOutfileAnExport() {
            assertThat(ok("SELECT * INTO loot FROM users").statements()).contains(
                    new SqlStatement("CREATE", Set.of("loot"), false));
            assertThat(kinds(ok("SELECT * FROM users INTO OUTFILE '/tmp/x'"))).containsExactly("SELECT", "EXPORT");
        }

        @Test
        void dynamicSqlBuiltAtRunTimeIsUnparseable() {
            SqlScript s = SqlAnalyzer.analyze("EXECUTE IMMEDIATE 'DR' || 'OP TABLE t'");
            assertThat(s.unparseable()).isTrue();
            assertThat(s.problems()).anyMatch(p -> p.contains("run time"));
        }

        @Test
        void dynamicSqlIsFollowedOnlyThreeLevelsDeep() {
            String sql = "DROP TABLE t";
            for (int i = 0; i < 5; i++) {
                sql = "EXECUTE IMMEDIATE '" + sql.replace("'", "''") + "'";
            }
            assertThat(SqlAnalyzer.analyze(sql).unparseable()).isTrue();
        }
    }

    @Nested
    class Splitting {

        @Test
        void splitsAtSemicolonsOutsideLiteralsAndComments() {
            SqlScript s = ok("""
                    select 1;  -- first; with a semicolon
                    /* a block; comment */ SELECT 'a;b' AS "c;d";
                    DELETE FROM t WHERE x = $$;$$;
                    """);
            assertThat(kinds(s)).containsExactly("SELECT", "SELECT", "DELETE");
            assertThat(s.multipleStatements()).isTrue();
        }

        @Test
        void aStringLiteralOrCommentIsNeverAStatement() {
            assertThat(ok("SELECT 'DROP TABLE x' AS note").statements())
                    .containsExactly(new SqlStatement("SELECT", Set.of(), false));
            assertThat(ok("SELECT 1 -- ; DROP TABLE t").statements()).hasSize(1);
            assertThat(ok("SELECT 1 /* ; DROP TABLE t; */").statements()).hasSize(1);
            assertThat(ok("SELECT 'it''s; DROP TABLE t'").statements()).hasSize(1);
        }

        @Test
        void stackedStatementsAfterAnEscapedQuoteAreFound() {
            assertThat(kinds(ok("SELECT 'a'';'; DROP TABLE t"))).containsExactly("SELECT", "DROP");
        }

        @Test
        void emptyStatementsAreIgnored() {
            assertThat(kinds(ok(";;SELECT 1;;;"))).containsExactly("SELECT");
            assertThat(ok("SELECT 1").multipleStatements()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\n\t ", "-- nothing here", "/* nothing */", ";", " ; ; "})
        void blankOrCommentOnlyInputHasNoStatementsAndIsFine(String sql) {
            SqlScript s = SqlAnalyzer.analyze(sql);
            assertThat(s.statements()).isEmpty();
            assertThat(s.unparseable()).isFalse();
        }

        @Test
        void nullIsTreatedAsEmpty() {
            assertThat(SqlAnalyzer.analyze(null)).isEqualTo(new SqlScript(List.of(), false, List.of()));
        }
    }

    @Nested
    class CaseCommentsAndUnicode {

        @ParameterizedTest
        @ValueSource(strings = {
                "drop table t", "DROP TABLE t", "dRoP tAbLe t", "DROP\ttable\tt", "DROP\n  TABLE\r\n t",
                "/* x */ DROP TABLE t", "-- c\nDROP TABLE t", "DROP/**/TABLE/**/t", "/*!50000 DROP TABLE t */",
                "ＤＲＯＰ ＴＡＢＬＥ t",
        })
        void readsTheSameDrop(String sql) {
            assertThat(single(sql)).isEqualTo(new SqlStatement("DROP", Set.of("t"), false));
        }

        @Test
        void aCommentInsideAKeywordBreaksItAsItDoesForDatabases() {
            SqlScript s = SqlAnalyzer.analyze("DR/**/OP TABLE t");
            assertThat(s.unparseable()).isTrue();
            assertThat(s.problems()).hasSize(1).allMatch(p -> p.startsWith("statement 1:"));
        }
    }

    @Nested
    class Unparseable {

        @Test
        void reportsTheParseableStatementsOfAPartlyBrokenScript() {
            SqlScript s = SqlAnalyzer.analyze("SELECT 1; COPY t TO '/tmp/x'; DROP TABLE t");
            assertThat(s.unparseable()).isTrue();
            assertThat(kinds(s)).containsExactly("SELECT", "DROP");
            assertThat(s.problems()).singleElement().asString().startsWith("statement 2:");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "SELECT 'unterminated", "SELECT 1 /* unterminated", "SELECT \"x", "SELECT $$ open",
                "this is not sql", "SELECT FROM WHERE", "DELETE FROM WHERE", "'just a string'",
        })
        void brokenTextIsUnparseableWithAReason(String sql) {
            SqlScript s = SqlAnalyzer.analyze(sql);
            assertThat(s.unparseable()).isTrue();
            assertThat(s.problems()).isNotEmpty();
        }

        @Test
        void overLongInputIsUnparseable() {
            String sql = "SELECT 1 " + " ".repeat(SqlAnalyzer.MAX_CHARS);
            SqlScript s = SqlAnalyzer.analyze(sql);
            assertThat(s.unparseable()).isTrue();
            assertThat(s.statements()).isEmpty();
        }

        @Test
        void deepNestingIsUnparseable() {
            String sql = "SELECT " + "(".repeat(ScriptReader.MAX_NESTING + 1) + "1" + ")".repeat(ScriptReader.MAX_NESTING + 1);
            assertThat(SqlAnalyzer.analyze(sql).unparseable()).isTrue();
            assertThat(ok("SELECT " + "(".repeat(50) + "1" + ")".repeat(50)).statements()).hasSize(1);
        }

        @Test
        void aTimeOutIsUnparseable() {
            SqlScript s = SqlAnalyzer.analyze("SELECT 1; ".repeat(ScriptReader.MAX_STATEMENTS), 0);
            assertThat(s.unparseable()).isTrue();
            assertThat(s.problems()).singleElement().asString().contains("did not finish");
        }

        @Test
        void tooManyStatementsAreUnparseableButTheFirstAreRead() {
            SqlScript s = SqlAnalyzer.analyze("SELECT 1; ".repeat(ScriptReader.MAX_STATEMENTS) + "DROP TABLE t");
            assertThat(s.unparseable()).isTrue();
            assertThat(s.statements()).hasSize(ScriptReader.MAX_STATEMENTS);
        }
    }

    @Nested
    class Dialects {

        @Test
        void backslashEscapesThatHideAStatementFromOneDialectAreFlagged() {
            // PostgreSQL: one SELECT of the string "a\'; DROP ...". MySQL: a SELECT, then a DROP.
            SqlScript s = SqlAnalyzer.analyze("SELECT 'a\\''; DROP TABLE t; -- '");
            assertThat(kinds(s)).containsExactly("SELECT", "DROP");
            assertThat(s.unparseable()).isTrue();
            assertThat(s.problems()).anyMatch(p -> p.contains("MySQL"));
        }

        @Test
        void theOtherWayRoundBothDialectsSeeTheDrop() {
            // Standard SQL ends the literal at the second quote, so the DROP is plainly there.
            SqlScript s = SqlAnalyzer.analyze("SELECT 'a\\'; DROP TABLE t; --'");
            assertThat(kinds(s)).containsExactly("SELECT", "DROP");
        }

        @Test
        void mysqlDashDashNeedsASpaceToBeAComment() {
            SqlScript s = SqlAnalyzer.analyze("SELECT 1 --1; DROP TABLE t");
            assertThat(kinds(s)).contains("DROP");
            assertThat(s.unparseable()).isTrue();
        }

        @Test
        void mysqlExecutableCommentsAreCode() {
            assertThat(kinds(ok("SELECT 1 /*! ; DROP TABLE t */"))).containsExactly("SELECT", "DROP");
        }

        @Test
        void aQuoteCreatedByNormalisationCannotHideAStatement() {
            SqlScript s = SqlAnalyzer.analyze("SELECT \uFF07; DROP TABLE t; \uFF07");
            assertThat(kinds(s)).contains("DROP");
            assertThat(s.unparseable()).isTrue();
        }

        @Test
        void eachDialectReadsBlockCommentsItsOwnWay() {
            // PostgreSQL nests block comments, MySQL does not: whatever either would run is reported.
            assertThat(ok("SELECT 1 /* a /* b */ c */").statements()).hasSize(1);
            SqlScript s = SqlAnalyzer.analyze("/* /* */ DROP TABLE t; */");
            assertThat(kinds(s)).containsExactly("DROP");
            assertThat(s.unparseable()).isTrue();
            SqlScript t = SqlAnalyzer.analyze("/* /* */ SELECT 1; */ DROP TABLE t");
            assertThat(kinds(t)).contains("DROP");
        }

        @Test
        void aCarriageReturnEndsALineComment() {
            assertThat(kinds(ok("-- note\rDROP TABLE t"))).containsExactly("DROP");
        }

        @Test
        void backticksAndDollarQuotesParse() {
            assertThat(single("SELECT `drop` FROM `t`").tables()).containsExactly("t");
            assertThat(single("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql").kind())
                    .isEqualTo("CREATE");
        }

        @Test
        void backslashesInHarmlessLiteralsStayParseable() {
            assertThat(single("SELECT 'C:\\temp\\' AS path").kind()).isEqualTo("SELECT");
            assertThat(single("SELECT 'a\\nb'").kind()).isEqualTo("SELECT");
        }
    }

    @Test
    void isSafeToCallFromManyThreads() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        assertThat(SqlAnalyzer.analyze("SELECT 1; DELETE FROM t" + i).statements()).hasSize(2);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(errors).isEmpty();
    }
}
