package dev.capfence.audit;

import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import dev.capfence.event.InvalidEventException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Events to compare policies on, one per line: plain events (as {@code capfence check --events} reads them) or
 * audit records of either format, whose recorded events are used — so a diff can run on last week's traffic.
 * Outcome and checkpoint records carry no proposed action and are skipped.
 *
 * @param events     each event with its line number
 * @param unreadable the lines that could not be read
 */
public record EventLines(List<Numbered> events, List<UnreadableLine> unreadable) {

    /** An event and the 1-based line it came from. */
    public record Numbered(long line, ActionEvent event) {
    }

    public EventLines {
        events = List.copyOf(events);
        unreadable = List.copyOf(unreadable);
    }

    public static EventLines read(byte[] jsonl) {
        List<Numbered> events = new ArrayList<>();
        List<UnreadableLine> unreadable = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.split(jsonl)) {
            if (line.problem() != null) {
                unreadable.add(new UnreadableLine(line.number(), line.problem()));
                continue;
            }
            try {
                ActionEvent event = event(line);
                if (event != null) {
                    events.add(new Numbered(line.number(), event));
                }
            } catch (RecordParser.Unreadable e) {
                unreadable.add(new UnreadableLine(line.number(), e.getMessage()));
            } catch (InvalidEventException e) {
                unreadable.add(new UnreadableLine(line.number(), e.getMessage()));
            }
        }
        return new EventLines(events, unreadable);
    }

    public List<ActionEvent> eventList() {
        return events.stream().map(Numbered::event).toList();
    }

    private static ActionEvent event(JsonLines.Line line) {
        Map<String, Object> json = line.json();
        if (RecordParser.looksLikeAuditRecord(json)) {
            AuditEntry entry = RecordParser.parse(line.number(), line.text(), json);
            return entry.isDecision() ? entry.recorded().event() : null;
        }
        // read from the text as check reads it: exact numbers, identity fields strings, limits
        ActionEvent event = ActionEventJson.parse(line.text());
        // a stable id, so two runs of a diff print the same report
        return json.get("id") == null ? event.toBuilder().id("line-" + line.number()).build() : event;
    }
}
