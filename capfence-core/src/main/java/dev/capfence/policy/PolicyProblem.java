package dev.capfence.policy;

/** One thing wrong with a policy, located in its source. Lines and columns count from 1. */
public record PolicyProblem(String source, int line, int column, String message) {

    /** {@code FILE:LINE:COLUMN: message}, the form editors and CI logs understand. */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + message;
    }
}
