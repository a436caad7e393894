package dev.capfence.boot.approval;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalException;
import dev.capfence.engine.ActionRuntime;
import java.security.Principal;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Deciding an approval as an authenticated person: the one code path of the actuator endpoint's
 * {@code POST approvals/{id}} and the approval inbox page. The approver is the principal, never a request field;
 * the rules (not the requester, the policy's {@code approvers} globs, still pending) are the core's.
 */
public final class ApprovalDecisions {

    private final ActionRuntime runtime;

    public ApprovalDecisions(ActionRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /** What became of a decision. */
    public sealed interface Outcome {

        /** Approved or rejected as asked. */
        record Decided(Approval approval) implements Outcome { }

        /** Not decided; {@code why} says so in words. */
        record Refused(Refusal kind, String why) implements Outcome { }
    }

    /** Why a decision was not taken. */
    public enum Refusal {
        /** Nobody is logged in. */
        UNAUTHENTICATED,
        /** The decision is neither approve nor reject. */
        BAD_REQUEST,
        /** No approval with that id. */
        UNKNOWN,
        /** This person may not decide this approval: the requester, or not among the approvers. */
        NOT_AN_APPROVER,
        /** Already decided, consumed or expired. */
        NOT_PENDING
    }

    /** {@code decision} is {@code approve} or {@code reject}, in any case. */
    public Outcome decide(String id, @Nullable String decision, @Nullable Principal principal, @Nullable String note) {
        String who = name(principal);
        if (who == null) {
            return new Outcome.Refused(Refusal.UNAUTHENTICATED, "an authenticated approver is required");
        }
        String d = decision == null ? "" : decision.strip().toLowerCase(Locale.ROOT);
        if (!d.equals("approve") && !d.equals("reject")) {
            return new Outcome.Refused(Refusal.BAD_REQUEST, "decision must be approve or reject");
        }
        Approval current = runtime.approvals().get(id).orElse(null);
        if (current == null) {
            return new Outcome.Refused(Refusal.UNKNOWN, "no approval with id " + id);
        }
        String refused = runtime.approvals().refusal(current, who);
        if (refused != null) {
            return new Outcome.Refused(Refusal.NOT_AN_APPROVER, refused);
        }
        String why = note == null || note.isBlank() ? null : note.strip();
        try {
            return new Outcome.Decided(d.equals("approve") ? runtime.approvals().approve(id, who, why)
                    : runtime.approvals().reject(id, who, why));
        } catch (ApprovalException e) {
            // expired or decided meanwhile (the approver rules were checked above, and are checked again inside)
            return new Outcome.Refused(Refusal.NOT_PENDING, String.valueOf(e.getMessage()));
        }
    }

    /** Whether {@code principal} may decide {@code approval} by the policy's rules (a button is shown only then). */
    public boolean mayDecide(Approval approval, @Nullable Principal principal) {
        String who = name(principal);
        return who != null && runtime.approvals().refusal(approval, who) == null;
    }

    private static @Nullable String name(@Nullable Principal principal) {
        return principal == null || principal.getName() == null || principal.getName().isBlank() ? null
                : principal.getName();
    }
}
