package dev.capfence.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSONL audit log — this project's chain or upstream CapFence's samples, detected per line. Hashes and
 * signatures are not checked here ({@code capfence verify} does that); a line that cannot be read is reported
 * with its number in {@link AuditLog#unreadable()}.
 */
public final class AuditLogReader {

    private AuditLogReader() {
    }

    public static AuditLog read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    /** Lines as a sink stored them (a database row or a kept record each), numbered from 1. */
    public static AuditLog read(List<String> lines) {
        return read(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    public static AuditLog read(byte[] jsonl) {
        List<AuditEntry> entries = new ArrayList<>();
        List<UnreadableLine> unreadable = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.split(jsonl)) {
            if (line.problem() != null) {
                unreadable.add(new UnreadableLine(line.number(), line.problem()));
                continue;
            }
            try {
                entries.add(RecordParser.parse(line.number(), line.text(), line.json()));
            } catch (RecordParser.Unreadable e) {
                unreadable.add(new UnreadableLine(line.number(), e.getMessage()));
            }
        }
        return new AuditLog(linkOutcomes(entries), unreadable);
    }

    /**
     * An outcome record names its event but does not repeat it: it takes actor, capability and decision from the
     * decision record of that event, so filters and the viewer treat the pair alike.
     */
    private static List<AuditEntry> linkOutcomes(List<AuditEntry> entries) {
        Map<String, AuditEntry> decisions = new HashMap<>();
        List<AuditEntry> linked = new ArrayList<>(entries.size());
        for (AuditEntry e : entries) {
            if (e.isDecision()) {
                decisions.putIfAbsent(e.eventId(), e);
            }
            AuditEntry d = e.isDecision() || e.eventId() == null ? null : decisions.get(e.eventId());
            linked.add(d == null ? e : new AuditEntry(e.line(), e.type(), e.text(), e.fields(), e.seq(), e.time(),
                    e.eventId(), e.actor() != null ? e.actor() : d.actor(), e.tool() != null ? e.tool() : d.tool(),
                    e.capability() != null ? e.capability() : d.capability(),
                    e.decision() != null ? e.decision() : d.decision(), null));
        }
        return linked;
    }
}
