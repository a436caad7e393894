package dev.capfence.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code sql: {functions_any: [...]}}: a deny or approval rule holds when some statement calls a matching
 * function, or when the text cannot be read (it may call anything); an allow rule holds only when every
 * function called matches, and never for text that cannot be read.
 */
class SqlFunctionsConditionTest {

    private static final ActionRuntime RUNTIME = AdversarialPolicies.runtime("""
            version: 1
            name: functions
            deny:
              - id: no-file-functions
                capability: db.query
                sql: {functions_any: [file_*, "pg_catalog.*"]}
            require_approval:
              - id: large-objects
                capability: db.query
                sql: {functions_any: [lo_import]}
            allow:
              - id: plain-reads
                capability: db.query
                sql: {statements_any: [SELECT], functions_any: [count, lower, upper]}
            """, "functions.yaml");

    private static Verdict query(String sql) {
        return RUNTIME.evaluate(ActionEvent.builder().actor("agent").capability("db.query")
                .payload(Map.of("sql", sql)).build());
    }

    @Test
    void aDenyHoldsForACallHoweverTheNameIsWritten() {
        for (String sql : List.of("SELECT FILE_READ('x')", "SELECT U&\"FILE_\\0052EAD\"('x')",
                "SELECT \"FILE_WRITE\"('a', 'b')", "SELECT PUBLIC.file_read('x')",
                "SELECT id FROM t WHERE id IN (SELECT length(file_read('x')))")) {
            Verdict v = query(sql);
            assertThat(v.decision()).as(sql).isEqualTo(Decision.DENY);
            assertThat(v.ruleId()).as(sql).isEqualTo("no-file-functions");
        }
    }

    @Test
    void aQualifiedGlobMatchesTheQualifiedName() {
        assertThat(query("SELECT pg_catalog.current_setting('x')").ruleId()).isEqualTo("no-file-functions");
        assertThat(query("SELECT upper(name) FROM t").decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void unreadableTextIsTreatedAsCallingAnything() {
        Verdict v = query("SELECT FILE_READ('x'");
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.ruleId()).isEqualTo("no-file-functions");
        assertThat(query("SELECT U&\"FILE\\ZZZZ\"('x')").ruleId()).isEqualTo("no-file-functions");
    }

    @Test
    void anApprovalRuleHoldsForItsFunctions() {
        assertThat(query("SELECT lo_import('/etc/passwd')").decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
    }

    @Test
    void anAllowHoldsOnlyWhenEveryFunctionCalledIsListed() {
        assertThat(query("SELECT count(*), lower(name) FROM t").decision()).isEqualTo(Decision.ALLOW);
        assertThat(query("SELECT id FROM t").decision()).isEqualTo(Decision.ALLOW);
        Verdict other = query("SELECT count(*), md5(name) FROM t");
        assertThat(other.decision()).isEqualTo(Decision.DENY);
        assertThat(other.ruleId()).isNull();
    }

    @Test
    void aNameInALiteralOrCommentIsNoCall() {
        assertThat(query("SELECT 'file_read(x)' /* file_write('a', 'b') */ FROM t").decision())
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void aBadGlobOrAnEmptyListDoesNotLoad() {
        assertThatThrownBy(() -> Policy.parse("""
                deny:
                  - capability: db.query
                    sql: {functions_any: []}
                """, "bad.yaml")).isInstanceOf(PolicyException.class).hasMessageContaining("functions_any");
        assertThatThrownBy(() -> Policy.parse("""
                deny:
                  - capability: db.query
                    sql: {function_any: [file_read]}
                """, "typo.yaml")).isInstanceOf(PolicyException.class).hasMessageContaining("functions_any");
    }
}
