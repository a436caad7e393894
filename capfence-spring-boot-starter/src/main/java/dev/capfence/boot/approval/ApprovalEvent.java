package dev.capfence.boot.approval;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalStatus;
import org.springframework.context.ApplicationEvent;

/**
 * Published for every approval transition once it is stored and recorded: {@code requested}, {@code approved},
 * {@code rejected}, {@code consumed} and {@code expired}. Listeners run on the thread that made the transition (a
 * request, the tool call, the expiry sweep): send anything slow elsewhere, as the webhook does. A listener that
 * throws is logged and changes nothing.
 */
public class ApprovalEvent extends ApplicationEvent {

    private final Approval approval;

    public ApprovalEvent(Object source, Approval approval) {
        super(source);
        this.approval = approval;
    }

    /** The approval as it is now (its event JSON unredacted: redact before showing it, see ApprovalJson). */
    public Approval approval() {
        return approval;
    }

    /** {@code requested}, {@code approved}, {@code rejected}, {@code consumed} or {@code expired}. */
    public String transition() {
        return transition(approval.status());
    }

    static String transition(ApprovalStatus status) {
        return status == ApprovalStatus.PENDING ? "requested" : status.wireName();
    }
}
