package dev.capfence.event;

/** An event that cannot be read; the runtime denies it with {@link #reasonCode()}. */
public class InvalidEventException extends RuntimeException {
    private final String eventId;

    public InvalidEventException(String eventId, String message) {
        super(message);
        this.eventId = eventId;
    }

    /** The id the event carried, if it got that far; may be {@code null}. */
    public String eventId() {
        return eventId;
    }

    /** The reason code of the denial: {@code invalid_event}, or {@code payload_too_large} for an oversized event. */
    public String reasonCode() {
        return "invalid_event";
    }
}
