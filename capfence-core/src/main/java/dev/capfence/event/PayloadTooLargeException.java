package dev.capfence.event;

/** An event over the size or nesting limit; the runtime denies it with {@code payload_too_large}, unread. */
public class PayloadTooLargeException extends InvalidEventException {

    public PayloadTooLargeException(String eventId, String message) {
        super(eventId, message);
    }

    @Override
    public String reasonCode() {
        return "payload_too_large";
    }
}
