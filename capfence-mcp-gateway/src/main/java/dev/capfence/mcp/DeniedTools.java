package dev.capfence.mcp;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Decision;
import dev.capfence.policy.PolicyExplanation;
import dev.capfence.policy.PolicyExplanation.ConditionTrace;
import dev.capfence.policy.PolicyExplanation.RuleTrace;
import dev.capfence.policy.PolicyMode;
import java.util.List;
import java.util.Map;

/**
 * Which tools the policy denies whatever their arguments, so {@code --hide-denied} can leave them out of the
 * listing. Judged from the explanation of a call without arguments: a condition on the actor, tool, capability,
 * environment, tenant or role does not change with the arguments, so a rule that fails one of those can never
 * match, and a deny rule that holds on those alone always does. When in doubt a tool stays listed: hiding is a
 * convenience, every call is still decided.
 */
final class DeniedTools {

    /** How the conditions that do not read the payload describe themselves. */
    private static final List<String> FIXED = List.of("capability ", "actor ", "tool ", "environment ", "tenant ",
            "user_role ");

    private final ActionRuntime runtime;
    private final ToolCallGate gate;

    DeniedTools(ActionRuntime runtime, ToolCallGate gate) {
        this.runtime = runtime;
        this.gate = gate;
    }

    boolean deniedWhateverArguments(String tool) {
        if (runtime.mode() == PolicyMode.OBSERVE) {
            return false;
        }
        PolicyExplanation explanation = runtime.explain(gate.event(tool, Map.of())).policy();
        boolean couldPass = false;
        for (RuleTrace rule : explanation.rules()) {
            if (rule.mode() == PolicyMode.OBSERVE) {
                continue;
            }
            if (rule.decision() == Decision.DENY) {
                if (rule.matched() && rule.conditions().stream().allMatch(DeniedTools::fixed)) {
                    return true;
                }
            } else if (rule.conditions().stream().noneMatch(c -> fixed(c) && !c.held())) {
                couldPass = true;
            }
        }
        return !couldPass; // no rule can allow it or ask for approval: the default denies it
    }

    private static boolean fixed(ConditionTrace condition) {
        for (String prefix : FIXED) {
            if (condition.condition().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
