package dev.capfence.replay;

import dev.capfence.policy.Decision;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Selects audit records the way a person asks for them: by actor, capability, decision and age. An outcome
 * record is judged by its event's actor, capability and decision (see {@link AuditLogReader}).
 */
public final class AuditLogs {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*([smhdw])");

    private AuditLogs() {
    }

    /**
     * What to keep; a null field does not filter. A record lacking what a filter asks about (a checkpoint has no
     * actor, an upstream sample no time) does not match it.
     *
     * @param actor      glob on the actor, matched exactly as policies match identities
     * @param capability glob on the capability, ignoring case, with policy prefix semantics ({@code shell.exec}
     *                   also selects {@code shell.exec.production})
     * @param since      keep records at or after this instant
     */
    public record Filter(String actor, String capability, Decision decision, Instant since) {

        public static Filter all() {
            return new Filter(null, null, null, null);
        }
    }

    public static List<AuditEntry> filter(List<AuditEntry> entries, Filter filter) {
        NameGlob actor = filter.actor() == null ? null : NameGlob.exact(filter.actor());
        NameGlob capability = filter.capability() == null ? null : NameGlob.ignoringCase(filter.capability());
        return entries.stream().filter(e -> (actor == null || actor.matches(e.actor()))
                && (capability == null || capability.covers(e.capability()))
                && (filter.decision() == null || filter.decision() == e.decision())
                && (filter.since() == null || (e.time() != null && !e.time().isBefore(filter.since())))).toList();
    }

    /**
     * Reads a {@code --since} value: an instant ({@code 2026-11-27T10:00:00Z}, an offset is fine), a date
     * ({@code 2026-11-27}, midnight UTC), or an age before {@code clock}'s now: {@code 30s}, {@code 15m},
     * {@code 2h}, {@code 7d}, {@code 2w}, or ISO-8601 ({@code PT2H}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Instant since(String when, Clock clock) {
        String s = when.trim();
        Matcher m = SHORT_DURATION.matcher(s.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration unit = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(1);
                    case "m" -> Duration.ofMinutes(1);
                    case "h" -> Duration.ofHours(1);
                    case "d" -> Duration.ofDays(1);
                    default -> Duration.ofDays(7);
                };
                return clock.instant().minus(unit.multipliedBy(n));
            }
            if (s.startsWith("P") || s.startsWith("p")) {
                return clock.instant().minus(Duration.parse(s));
            }
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + when + "' is not a time: use an instant (2026-11-27T10:00:00Z), "
                    + "a date (2026-11-27) or an age (30m, 2h, 7d, 2w)");
        }
    }
}
