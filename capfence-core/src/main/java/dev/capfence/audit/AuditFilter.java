package dev.capfence.audit;

import dev.capfence.policy.Decision;
import dev.capfence.policy.Durations;
import dev.capfence.policy.Patterns;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which audit records to show, as a person asks for them: by actor, capability, tool, decision and age. Globs
 * match as the policy matches them ({@link Patterns}): the actor exactly ({@code support-*}), the capability
 * ignoring case and with dot-prefixes ({@code shell.exec} also selects {@code shell.exec.production},
 * {@code refund.*} selects {@code refund.issue}), the tool ignoring case. An outcome record is judged by its
 * event's decision record (see {@link AuditLogReader}). A record lacking what a filter asks about (a checkpoint
 * has no actor, an upstream sample no time) does not match it. {@code capfence logs} and the actuator endpoint
 * build the same filter from the same words.
 *
 * @param actor      glob on the actor; null: any
 * @param capability glob on the capability; null: any
 * @param tool       glob on the tool; null: any
 * @param decision   only this decision (and its outcome); null: any
 * @param since      only records stamped at or after this instant; null: any time
 */
public record AuditFilter(String actor, String capability, String tool, Decision decision, Instant since) {

    private static final Pattern WEEKS = Pattern.compile("(\\d{1,9})\\s*[wW]");

    private static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);

    /** Blank globs are no filter, so an empty query parameter or flag selects everything. */
    public AuditFilter {
        actor = blankToNull(actor);
        capability = blankToNull(capability);
        tool = blankToNull(tool);
    }

    public static AuditFilter all() {
        return ALL;
    }

    public AuditFilter withActor(String glob) {
        return new AuditFilter(glob, capability, tool, decision, since);
    }

    public AuditFilter withCapability(String glob) {
        return new AuditFilter(actor, glob, tool, decision, since);
    }

    public AuditFilter withTool(String glob) {
        return new AuditFilter(actor, capability, glob, decision, since);
    }

    public AuditFilter withDecision(Decision decision) {
        return new AuditFilter(actor, capability, tool, decision, since);
    }

    public AuditFilter withSince(Instant since) {
        return new AuditFilter(actor, capability, tool, decision, since);
    }

    public boolean matches(AuditEntry e) {
        return (actor == null || Patterns.matches(actor, e.actor()))
                && (capability == null || (e.capability() != null && Patterns.coversCapability(capability, e.capability())))
                && (tool == null || Patterns.matchesIgnoringCase(tool, e.tool()))
                && (decision == null || decision == e.decision())
                && (since == null || (e.time() != null && !e.time().isBefore(since)));
    }

    /** The matching entries, in the order given. */
    public List<AuditEntry> select(List<AuditEntry> entries) {
        return entries.stream().filter(this::matches).toList();
    }

    /** The newest {@code limit} matching entries of a log read oldest first, newest first. */
    public List<AuditEntry> newestFirst(List<AuditEntry> oldestFirst, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        List<AuditEntry> out = new ArrayList<>(Math.min(limit, oldestFirst.size()));
        for (int i = oldestFirst.size() - 1; i >= 0 && out.size() < limit; i--) {
            if (matches(oldestFirst.get(i))) {
                out.add(oldestFirst.get(i));
            }
        }
        return out;
    }

    /**
     * Reads a {@code since} value: an instant ({@code 2026-11-27T10:00:00Z}, an offset is fine), a date
     * ({@code 2026-11-27}, midnight UTC), or an age before {@code clock}'s now written as policies write durations
     * ({@link Durations}: {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}, {@code PT2H}) or in weeks ({@code 2w}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Instant since(String when, Clock clock) {
        String s = when == null ? "" : when.strip();
        try {
            if (s.length() == 10 && s.charAt(4) == '-') {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (s.length() > 10 && s.charAt(4) == '-') {
                return OffsetDateTime.parse(s).toInstant();
            }
            var weeks = WEEKS.matcher(s);
            Duration age = weeks.matches() ? Duration.ofDays(7 * Long.parseLong(weeks.group(1))) : Durations.parse(s);
            return clock.instant().minus(age);
        } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + when + "' is not a time: use an instant (2026-11-27T10:00:00Z), "
                    + "a date (2026-11-27) or an age (30m, 2h, 7d, 2w)");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
