package dev.capfence.boot;

/**
 * Decides what the caller of a refused call gets, for every gated route ({@link GatedAction} methods, Spring AI tool
 * calls, MCP server tools). Declare one bean of this type to replace the defaults (see
 * {@link RefusedCall#byDefault()}): return a value of the call's {@link RefusedCall#returnType() return type}, or
 * throw. Whatever it does, the refused call does not run.
 *
 * <pre>{@code
 * @Bean
 * RefusalHandler refusals() {
 *     return call -> call.returnType() == Optional.class ? Optional.empty() : call.byDefault();
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RefusalHandler {

    /** The result the caller gets instead of the call's own; may throw. */
    Object handle(RefusedCall call);

    /** Every route's default. */
    static RefusalHandler byDefault() {
        return RefusedCall::byDefault;
    }
}
