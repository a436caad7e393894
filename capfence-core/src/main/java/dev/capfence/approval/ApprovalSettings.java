package dev.capfence.approval;

import dev.capfence.policy.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Approval settings, typed and complete: every setting has a value. A policy's {@code approval} block is partial;
 * {@link #withPolicyBlock} lays it over a complete set (the {@link #DEFAULTS}, or an application's own defaults).
 *
 * @param timeout    how long a pending approval stays valid; positive
 * @param approvers  globs naming who may decide; empty: anyone but the requesting actor
 * @param singleUse  whether an approval lets exactly one call through
 * @param maxPending pending approvals one actor may have at once; 0: no cap
 */
public record ApprovalSettings(Duration timeout, List<String> approvers, boolean singleUse, int maxPending) {

    /** Used when neither the policy nor the application sets a timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    /** What applies when nothing is set: 1h, anyone but the requester, single use, no cap. */
    public static final ApprovalSettings DEFAULTS = new ApprovalSettings(DEFAULT_TIMEOUT, List.of(), true, 0);

    public ApprovalSettings {
        Objects.requireNonNull(timeout, "approval timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("approval timeout must be positive; got " + timeout);
        }
        Objects.requireNonNull(approvers, "approvers");
        for (String a : approvers) {
            if (a == null || a.isBlank() || !a.equals(a.strip())) {
                throw new IllegalArgumentException("approvers has an empty or space-padded name: '" + a + "'");
            }
        }
        approvers = List.copyOf(approvers);
        if (maxPending < 0) {
            throw new IllegalArgumentException("max pending approvals must be 0 (no cap) or more; got " + maxPending);
        }
    }

    /**
     * These settings with what a policy's {@code approval} block sets replacing them, keyed as in the policy
     * ({@code timeout}, {@code approvers}, {@code single_use}, {@code max_pending}); a key the block leaves out keeps
     * this value. The policy compiler has validated the block already.
     */
    public ApprovalSettings withPolicyBlock(Map<String, ?> block) {
        Object t = block.get("timeout");
        Object a = block.get("approvers");
        Object single = block.get("single_use");
        Object max = block.get("max_pending");
        List<String> globs = approvers;
        if (a instanceof List<?> list) {
            globs = new ArrayList<>();
            for (Object item : list) {
                globs.add(String.valueOf(item));
            }
        } else if (a != null) {
            globs = List.of(String.valueOf(a));
        }
        return new ApprovalSettings(t == null ? timeout : Durations.parse(t.toString()), globs,
                single instanceof Boolean b ? b : singleUse,
                max instanceof Number n ? new BigDecimal(n.toString()).intValueExact() : maxPending);
    }
}
