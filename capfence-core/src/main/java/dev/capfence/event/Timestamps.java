package dev.capfence.event;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes an instant exactly as {@link Instant#toString()} does — {@code 2026-12-07T10:15:30.120Z}, the fraction in
 * groups of three digits as needed — without the general formatter, which costs more than the rest of an audit
 * record's timestamp handling together. Years outside 0000–9999 (written with a sign) are left to the JDK.
 */
public final class Timestamps {

    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private Timestamps() {
    }

    /** The text {@link Instant#toString()} gives. */
    public static String iso(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds > LAST) {
            return instant.toString();
        }
        int nanos = instant.getNano();
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
        char[] c = new char[30];
        int at = digits(c, 0, t.getYear(), 4);
        c[at++] = '-';
        at = digits(c, at, t.getMonthValue(), 2);
        c[at++] = '-';
        at = digits(c, at, t.getDayOfMonth(), 2);
        c[at++] = 'T';
        at = digits(c, at, t.getHour(), 2);
        c[at++] = ':';
        at = digits(c, at, t.getMinute(), 2);
        c[at++] = ':';
        at = digits(c, at, t.getSecond(), 2);
        if (nanos != 0) {
            c[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                at = digits(c, at, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                at = digits(c, at, nanos / 1_000, 6);
            } else {
                at = digits(c, at, nanos, 9);
            }
        }
        c[at++] = 'Z';
        return new String(c, 0, at);
    }

    /** {@code value} in exactly {@code width} decimal digits, zero-padded. */
    private static int digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
