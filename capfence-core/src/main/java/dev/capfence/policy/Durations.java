package dev.capfence.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as policies write them: {@code 45s}, {@code 30m}, {@code 2h}, {@code 1d}, {@code 1.5h} or ISO-8601 {@code PT15M}. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** A positive duration; {@link IllegalArgumentException} saying what is accepted otherwise. */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no duration");
        }
        String t = text.strip();
        Duration d;
        Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis(m.group(2))));
            try {
                d = Duration.ofMillis(millis.setScale(0, RoundingMode.DOWN).longValueExact());
            } catch (ArithmeticException e) { // longValue() would wrap around to some other duration
                throw new IllegalArgumentException("'" + text + "' is too long a duration");
            }
        } else {
            try {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 45s, 30m, 2h, 1d or PT15M");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        return d;
    }

    private static long unitMillis(String unit) {
        switch (unit) {
            case "ms": return 1;
            case "s": return 1_000;
            case "m": return 60_000;
            case "h": return 3_600_000;
            default: return 86_400_000;
        }
    }
}
