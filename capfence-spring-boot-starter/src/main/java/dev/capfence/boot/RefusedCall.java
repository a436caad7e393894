package dev.capfence.boot;

import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ApprovalRequiredException;
import dev.capfence.engine.Verdict;
import dev.capfence.policy.Decision;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * A gated call CapFence refused (denied, or waiting for an approval): what a {@link RefusalHandler} is given to
 * decide what the caller gets instead of the call's result.
 */
public final class RefusedCall {

    /** Where the call came from; each route has its own default refusal. */
    public enum Route {
        /** A {@link GatedAction} method: by default the refusal is thrown. */
        METHOD,
        /** A Spring AI tool call: by default the model reads {@code CapFence denied <tool>: <reason>}. */
        TOOL,
        /** A tool of this application's MCP server: by default an error tool result with the same text. */
        MCP_TOOL
    }

    private final Route route;
    private final String toolName;
    private final Verdict verdict;
    private final Class<?> returnType;
    private final Method method;
    private final Function<RefusedCall, Object> routeDefault;

    /**
     * @param returnType   what the caller expects back ({@code String} for a Spring AI tool)
     * @param method       the gated method, or null when the call is not a method call
     * @param routeDefault the route's own refusal, given this call
     */
    public RefusedCall(Route route, String toolName, Verdict verdict, Class<?> returnType, Method method,
                       Function<RefusedCall, Object> routeDefault) {
        this.route = route;
        this.toolName = toolName;
        this.verdict = verdict;
        this.returnType = returnType;
        this.method = method;
        this.routeDefault = routeDefault;
    }

    public Route route() {
        return route;
    }

    public String toolName() {
        return toolName;
    }

    /** The recorded verdict: the decision, reason, rule and, for approvals, the approval id. */
    public Verdict verdict() {
        return verdict;
    }

    /** Whether the call waits for a person's approval (rather than being denied). */
    public boolean awaitsApproval() {
        return verdict.decision() == Decision.REQUIRE_APPROVAL;
    }

    /** The type the caller expects back; a handler's value must be of this type. */
    public Class<?> returnType() {
        return returnType;
    }

    /** The gated method, or null for a tool call that is not a method call. */
    public Method method() {
        return method;
    }

    /** The refusal as an exception: {@link ApprovalRequiredException} when it waits for approval. */
    public ActionDeniedException exception() {
        return awaitsApproval() ? new ApprovalRequiredException(verdict) : new ActionDeniedException(verdict);
    }

    /**
     * What the route does by default: throws {@link #exception()} for a method, gives the refusal text for a tool
     * (or throws with {@code capfence.ai.on-deny=throw}).
     */
    public Object byDefault() {
        return routeDefault.apply(this);
    }
}
