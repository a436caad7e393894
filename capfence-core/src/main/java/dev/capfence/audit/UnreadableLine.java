package dev.capfence.audit;

/** A line of a JSONL file that could not be used, and why; reported, never dropped silently. */
public record UnreadableLine(long line, String message) {

    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}
