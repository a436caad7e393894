package dev.capfence.policy;

import dev.capfence.event.Decimals;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Decimal-exact reading of numbers: 0.1 + 0.2 style float errors never decide a threshold. */
final class Numbers {

    /** Longer numeric strings are refused rather than parsed: no huge-exponent tricks. */
    private static final int MAX_TEXT = 64;

    private Numbers() {
    }

    /**
     * The exact decimal value of a number or numeric string; null when it is neither, or when it is out of
     * {@link Decimals}' range (a present but unreadable number: it satisfies deny and approval comparisons and no
     * allow). A double counts as the decimal its shortest text shows ({@code 0.1 + 0.2} is 0.30000000000000004).
     */
    static BigDecimal toDecimal(Object v) {
        if (v instanceof BigDecimal d) {
            return Decimals.inRange(d) ? d : null;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger i) {
            BigDecimal d = new BigDecimal(i);
            return Decimals.inRange(d) ? d : null;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : null;
        }
        if (v instanceof String s) {
            String t = s.trim();
            if (t.isEmpty() || t.length() > MAX_TEXT || !looksNumeric(t)) {
                return null;
            }
            return Decimals.parse(t);
        }
        return null;
    }

    private static boolean looksNumeric(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    /** Compares without allocating when both sides are whole numbers that fit a long. */
    static int compare(Object value, BigDecimal bound, long boundLong, boolean boundIsLong) {
        if (boundIsLong && (value instanceof Integer || value instanceof Long)) {
            return Long.compare(((Number) value).longValue(), boundLong);
        }
        BigDecimal d = toDecimal(value);
        if (d == null) {
            throw new NotANumber();
        }
        return d.compareTo(bound);
    }

    /** Signals a value that is not a number; the comparison then does not hold. */
    static final class NotANumber extends RuntimeException {
        NotANumber() {
            super(null, null, false, false);
        }
    }
}
