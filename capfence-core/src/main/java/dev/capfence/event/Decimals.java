package dev.capfence.event;

import java.math.BigDecimal;

/**
 * The range of numbers CapFence reads exactly. A number with more digits or a larger exponent is kept out of
 * arithmetic: {@code 1e999999999} is one digit, but adding it to anything or printing it in full would take a
 * billion digits. Such a number is unreadable — present, but it cannot be shown to be under a threshold.
 */
public final class Decimals {

    /** Most significant digits a readable number may have. */
    public static final int MAX_DIGITS = 1000;
    /** Largest decimal exponent (either sign) a readable number may have: its scale stays within this. */
    public static final int MAX_SCALE = 1000;

    private Decimals() {
    }

    /** The exact value of a JSON number text, or null when it is not one or is out of range. */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_DIGITS + 16) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(text);
            return inRange(d) ? d : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** Whether arithmetic and printing on this number stay cheap. */
    public static boolean inRange(BigDecimal d) {
        return d.precision() <= MAX_DIGITS && Math.abs((long) d.scale()) <= MAX_SCALE;
    }
}
