package dev.capfence.event;

/** An event that cannot be read; the runtime denies it with {@code invalid_event}. */
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
}
