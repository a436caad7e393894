package dev.capfence.approval;

import dev.capfence.policy.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policy's {@code approval} settings, typed. The policy compiler has validated them already.
 *
 * @param approvers  globs naming who may decide; empty: anyone but the requesting actor
 * @param maxPending pending approvals one actor may have at once; 0: no cap
 */
public record ApprovalSettings(Duration timeout, List<String> approvers, boolean singleUse, int maxPending) {

    /** Used when the policy sets no {@code approval.timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    public static ApprovalSettings from(Map<String, Object> settings) {
        Object timeout = settings.get("timeout");
        Object approvers = settings.get("approvers");
        List<String> globs = new ArrayList<>();
        if (approvers instanceof List<?> list) {
            list.forEach(a -> globs.add(String.valueOf(a)));
        } else if (approvers != null) {
            globs.add(String.valueOf(approvers));
        }
        Object single = settings.get("single_use");
        Object max = settings.get("max_pending");
        return new ApprovalSettings(timeout == null ? DEFAULT_TIMEOUT : Durations.parse(timeout.toString()),
                List.copyOf(globs), !(single instanceof Boolean b) || b,
                max instanceof Number n ? new BigDecimal(n.toString()).intValueExact() : 0);
    }
}
