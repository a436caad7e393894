package dev.capfence.suite;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import dev.capfence.event.InvalidEventException;
import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Policy unit tests in upstream CapFence's suite format: a {@code cases} list, each with an {@code event},
 * a {@code policy} (or one at the top level; paths relative to the suite file) and
 * {@code expected: {verdict|decision, reason_code?, rule_id?}}.
 */
public final class PolicySuite {

    /** One case's outcome: what was expected, what happened, and why it failed (null when it passed). */
    public record CaseResult(String name, String expected, String actual, String failure) {
        public boolean passed() {
            return failure == null;
        }
    }

    /** All outcomes of a suite, in file order. */
    public record Result(String suite, List<CaseResult> cases) {
        public long passed() {
            return cases.stream().filter(CaseResult::passed).count();
        }

        public long failed() {
            return cases.size() - passed();
        }
    }

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Path file;
    private final Map<String, Object> doc;
    private final Map<Path, Object> policies = new HashMap<>();

    private PolicySuite(Path file, Map<String, Object> doc) {
        this.file = file;
        this.doc = doc;
    }

    /** Reads a suite file; IllegalArgumentException when it is not one. */
    @SuppressWarnings("unchecked")
    public static PolicySuite load(Path file) {
        Object doc;
        try {
            doc = YAML.readValue(Files.readString(file), Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": invalid YAML: " + e.getOriginalMessage());
        }
        if (!(doc instanceof Map<?, ?> map) || !(map.get("cases") instanceof List)) {
            throw new IllegalArgumentException(file + ": a suite is a mapping with a 'cases' list");
        }
        return new PolicySuite(file, (Map<String, Object>) map);
    }

    @SuppressWarnings("unchecked")
    public Result run() {
        List<CaseResult> results = new ArrayList<>();
        List<Object> cases = (List<Object>) doc.get("cases");
        for (int i = 0; i < cases.size(); i++) {
            Object c = cases.get(i);
            if (!(c instanceof Map<?, ?> map)) {
                results.add(new CaseResult("case " + (i + 1), "?", "?", "a case must be a mapping"));
                continue;
            }
            results.add(runCase((Map<String, Object>) map, i));
        }
        Object name = doc.get("suite");
        return new Result(name == null ? file.getFileName().toString() : name.toString(), List.copyOf(results));
    }

    @SuppressWarnings("unchecked")
    private CaseResult runCase(Map<String, Object> c, int index) {
        String name = c.get("name") == null ? "case " + (index + 1) : c.get("name").toString();
        Object expectedNode = c.get("expected");
        if (!(expectedNode instanceof Map<?, ?> exp)) {
            return new CaseResult(name, "?", "?", "missing expected: {verdict: ...}");
        }
        Map<String, Object> expected = (Map<String, Object>) exp;
        Object wanted = expected.containsKey("verdict") ? expected.get("verdict") : expected.get("decision");
        if (wanted == null) {
            return new CaseResult(name, "?", "?", "expected needs verdict or decision");
        }
        String want = normalizeDecision(wanted.toString());
        Object policyRef = c.containsKey("policy") ? c.get("policy") : doc.get("policy");
        if (policyRef == null) {
            return new CaseResult(name, want, "?", "no policy: give one per case or at the top level");
        }
        Object policy = policy(file.toAbsolutePath().getParent().resolve(policyRef.toString()).normalize());
        if (policy instanceof String error) {
            return new CaseResult(name, want, "error", error);
        }
        if (!(c.get("event") instanceof Map<?, ?> eventMap)) {
            return new CaseResult(name, want, "?", "missing event");
        }
        Verdict v;
        try {
            ActionEvent event = ActionEventJson.fromMap((Map<String, Object>) eventMap);
            v = ActionRuntime.fromPolicy((Policy) policy).evaluate(event);
        } catch (InvalidEventException e) {
            v = Verdict.invalidEvent(e.eventId(), null, e.getMessage(), ((Policy) policy).sha256());
        }
        String actual = v.decision().wireName();
        List<String> failures = new ArrayList<>();
        if (!want.equals(actual)) {
            failures.add("expected " + want + ", got " + actual + " (" + v.reasonCode() + ", rule " + v.ruleId() + ")");
        }
        Object code = expected.get("reason_code");
        if (code != null && !code.toString().equals(v.reasonCode().wireName())) {
            failures.add("expected reason_code " + code + ", got " + v.reasonCode());
        }
        Object rule = expected.get("rule_id");
        if (rule != null && !rule.toString().equals(v.ruleId())) {
            failures.add("expected rule_id " + rule + ", got " + v.ruleId());
        }
        return new CaseResult(name, want, actual, failures.isEmpty() ? null : String.join("; ", failures));
    }

    /** The compiled policy, or the error text when it does not load. Each file is compiled once. */
    private Object policy(Path path) {
        return policies.computeIfAbsent(path, p -> {
            try {
                return Policy.load(p);
            } catch (PolicyException e) {
                return "policy does not load:\n" + e.getMessage();
            }
        });
    }

    private static String normalizeDecision(String d) {
        return d.equals("block") ? "deny" : d;
    }
}
