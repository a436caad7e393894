package dev.capfence.boot;

/** CapFence cannot start as configured (no policy, an invalid one, a missing DataSource …). */
public class CapFenceConfigurationException extends IllegalStateException {

    private final String action;

    /** For integrations that refuse to start (the Spring AI module's {@code capfence.ai.require-gated}). */
    public CapFenceConfigurationException(String message, String action) {
        this(message, action, null);
    }

    public CapFenceConfigurationException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    /** What to change, shown by the startup failure report. */
    public String action() {
        return action;
    }
}
