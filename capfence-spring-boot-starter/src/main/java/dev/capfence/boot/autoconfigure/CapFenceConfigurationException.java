package dev.capfence.boot.autoconfigure;

/** CapFence cannot start as configured (no policy, an invalid one, a missing DataSource …). */
public class CapFenceConfigurationException extends IllegalStateException {

    private final String action;

    CapFenceConfigurationException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    /** What to change, shown by the startup failure report. */
    public String action() {
        return action;
    }
}
