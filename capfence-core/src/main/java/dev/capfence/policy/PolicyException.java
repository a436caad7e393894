package dev.capfence.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy that cannot be loaded. Carries every problem found, each with file, line and column. */
public class PolicyException extends RuntimeException {
    private final List<PolicyProblem> problems;

    public PolicyException(List<PolicyProblem> problems) {
        super(problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
