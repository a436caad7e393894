package dev.capfence.boot.web;

import dev.capfence.boot.gate.ActorResolver;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ApprovalRequiredException;
import dev.capfence.engine.Verdict;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers an {@link ActionDeniedException} that escaped a controller with an RFC 9457 problem: 403 for a
 * denial and 403 for a pending approval too (the action did not happen; 202 would suggest it will without anyone
 * acting), with approval_id so a client can show or poll it. Lowest precedence: the application's own handlers win.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ActionDeniedProblemHandler {

    private static final String NO_ACTOR = "event has no actor";

    @ExceptionHandler(ActionDeniedException.class)
    public ProblemDetail handle(ActionDeniedException e) {
        Verdict v = e.verdict();
        boolean approval = e instanceof ApprovalRequiredException;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail(v));
        problem.setTitle(approval ? "Approval required" : "Action denied");
        problem.setProperty("decision", v.decision().wireName());
        problem.setProperty("reason_code", v.reasonCode().wireName());
        problem.setProperty("rule_id", v.ruleId());
        problem.setProperty("capability", v.capability());
        if (v.approvalId() != null) {
            problem.setProperty("approval_id", v.approvalId());
        }
        return problem;
    }

    // A call without an actor is a set-up problem, not a policy decision: the detail says how to fix it.
    private static String detail(Verdict v) {
        String reason = v.reason();
        return reason != null && reason.contains(NO_ACTOR) ? reason + ". " + ActorResolver.HOW_TO_NAME_AN_ACTOR : reason;
    }
}
