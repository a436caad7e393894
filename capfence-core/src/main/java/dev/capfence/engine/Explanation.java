package dev.capfence.engine;

import dev.capfence.policy.PolicyExplanation;

/** {@link ActionRuntime#explain}: the verdict and, rule by rule, how the policy reached it. */
public record Explanation(Verdict verdict, PolicyExplanation policy) {
}
