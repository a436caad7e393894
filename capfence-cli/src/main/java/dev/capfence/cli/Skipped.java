package dev.capfence.cli;

import dev.capfence.audit.UnreadableLine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lines of an input file that could not be read: named on stderr as FILE:LINE, and listed in JSON output. */
final class Skipped {

    private Skipped() {
    }

    static void warn(PrintWriter err, String file, List<UnreadableLine> lines) {
        for (UnreadableLine l : lines) {
            err.println("capfence: " + file + ":" + l.line() + ": skipped: " + l.message());
        }
        err.flush();
    }

    static List<Object> json(List<UnreadableLine> lines) {
        List<Object> list = new ArrayList<>();
        for (UnreadableLine l : lines) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", l.line());
            m.put("message", l.message());
            list.add(m);
        }
        return list;
    }
}
