package dev.capfence.audit;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link AuditVerifier} found.
 *
 * @param intact     every record verified (and the expected head was found, when one was given)
 * @param records    how many records verified (checkpoints included)
 * @param firstSeq   the seq of the first record read (1, a checkpoint's when older files are gone, or the oldest
 *                   record a bounded in-memory chain kept); 0 when empty
 * @param headSeq    the seq of the last record that verified; 0 when none did. When keys are given and the chain
 *                   is broken, the last record a valid signature covers
 * @param headHash   its hash; 64 zeros when none did
 * @param brokenSeq  where the chain breaks: the first seq that is missing, out of place or altered; 0 when intact.
 *                   With keys, a break found among records no signature covers yet is reported at the first of them:
 *                   any of them may be the altered one
 * @param problem    why, naming file and line; null when intact
 * @param anchored   the chain was read from a checkpoint, or from the oldest record a bounded chain kept, trusting
 *                   its prev_hash (earlier records not read)
 * @param signaturesChecked   signatures that verified against the given keys
 * @param signaturesUnchecked signatures present but not checked (no key given)
 * @param unsignedTail records after the last signature, which no signature covers (every record of an unsigned
 *                     chain); with keys given, a chain with an unsigned tail is broken at its first seq
 * @param files      the files read, in order
 */
public record VerifyResult(boolean intact, long records, long firstSeq, long headSeq, String headHash,
                           long brokenSeq, String problem, boolean anchored, long signaturesChecked,
                           long signaturesUnchecked, long unsignedTail, List<Path> files) {

    public VerifyResult {
        files = List.copyOf(files);
    }

    /** {@code OK <n> records, head <hash>} or {@code BROKEN at seq <n>: <why>}. */
    public String summary() {
        return intact ? "OK " + records + " records, head " + headHash : "BROKEN at seq " + brokenSeq + ": " + problem;
    }
}
