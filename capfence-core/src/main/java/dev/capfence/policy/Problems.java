package dev.capfence.policy;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one policy source, so lint can report all of them at once. */
final class Problems {
    private final String source;
    private final List<PolicyProblem> list;

    Problems(String source, List<PolicyProblem> sink) {
        this.source = source;
        this.list = sink;
    }

    Problems(String source) {
        this(source, new ArrayList<>());
    }

    String source() {
        return source;
    }

    void add(int line, int column, String message) {
        list.add(new PolicyProblem(source, Math.max(1, line), Math.max(1, column), message));
    }

    void add(YamlNode at, String message) {
        add(at.line, at.column, message);
    }

    void add(YamlNode.Entry at, String message) {
        add(at.line(), at.column(), message);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    List<PolicyProblem> all() {
        return list;
    }
}
