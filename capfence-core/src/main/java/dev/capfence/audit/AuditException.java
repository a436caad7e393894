package dev.capfence.audit;

/** An audit record could not be written, or a log could not be opened, read or trusted. */
public class AuditException extends RuntimeException {

    public AuditException(String message) {
        super(message);
    }

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
