package dev.capfence.policy;

import dev.capfence.event.ActionEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the policy's {@code limits}: how many calls (and how much of an amount) the actions it covers may
 * make per actor, tenant or in total within a sliding window. Immutable.
 */
public final class Limit {

    /** What a limit counts separately. {@code TENANT} uses {@code context.tenant}; events without one share a bucket. */
    public enum Per {
        ACTOR, TENANT, GLOBAL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String id;
    private final Glob[] capability; // empty: every capability
    private final Per per;
    private final Duration window;
    private final Long maxCount;
    private final BigDecimal maxSum;
    private final FieldPath amountField;
    private final Decision onExceed;

    Limit(String id, Glob[] capability, Per per, Duration window, Long maxCount, BigDecimal maxSum,
          FieldPath amountField, Decision onExceed) {
        this.id = id;
        this.capability = capability;
        this.per = per;
        this.window = window;
        this.maxCount = maxCount;
        this.maxSum = maxSum;
        this.amountField = amountField;
        this.onExceed = onExceed;
    }

    public String id() { return id; }
    public Per per() { return per; }
    public Duration window() { return window; }
    /** Null: calls are not counted against a cap. */
    public Long maxCount() { return maxCount; }
    /** Null: amounts are not summed. */
    public BigDecimal maxSum() { return maxSum; }
    /** {@link Decision#DENY} or {@link Decision#REQUIRE_APPROVAL}. */
    public Decision onExceed() { return onExceed; }

    /** Whether this limit counts the event. */
    public boolean appliesTo(ActionEvent event) {
        if (capability.length == 0) {
            return true;
        }
        for (Glob g : capability) {
            if (Conditions.CapabilityMatch.covers(g, event.capability())) {
                return true;
            }
        }
        return false;
    }

    /** The counter this event goes to, e.g. {@code refunds-per-actor|actor|alice}. */
    public String key(ActionEvent event) {
        switch (per) {
            case ACTOR: return id + "|actor|" + event.actor();
            case TENANT:
                Object tenant = event.context().get("tenant");
                return id + "|tenant|" + (tenant == null ? "" : tenant);
            default: return id + "|global";
        }
    }

    /**
     * What the event adds to the sum: the amount field's value (every value, summed, for a {@code [*]} path);
     * zero when the limit has no {@code max_sum}. Throws {@link IllegalArgumentException} when the field is
     * missing, not a number or negative: an amount the limit cannot read must not slip past it.
     */
    public BigDecimal amount(ActionEvent event) {
        if (maxSum == null) {
            return BigDecimal.ZERO;
        }
        List<Object> values = amountField.resolve(new EventView(event));
        if (values.isEmpty()) {
            throw new IllegalArgumentException(amountField + " is missing");
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Object v : values) {
            BigDecimal d = Numbers.toDecimal(v);
            if (d == null || d.signum() < 0) {
                throw new IllegalArgumentException(amountField + " is not a non-negative number: " + v);
            }
            sum = sum.add(d);
        }
        return sum;
    }

    @Override
    public String toString() {
        return id;
    }
}
