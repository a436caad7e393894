package dev.capfence.audit;

import java.nio.file.Path;

/**
 * A repair the file sink made when it opened a log: an incomplete last line — a write cut off by a crash — was
 * truncated. Records before it verified; the cut-off record was never acknowledged in fsync mode.
 *
 * @param keptBytes      the file's length after the repair
 * @param truncatedBytes how many bytes were removed
 * @param lastSeq        the seq of the last complete record (0 when none)
 */
public record AuditRepair(Path file, long keptBytes, long truncatedBytes, long lastSeq) {
}
