package dev.capfence.audit;

import java.util.Map;

/**
 * One record that verified, as the verifier hands it to a listener.
 *
 * @param file   the file's name
 * @param line   the 1-based line number in that file
 * @param fields the record's JSON object without {@code hash}, {@code sig}, {@code key_id}
 */
public record ChainRecord(String file, long line, long seq, String type, String hash, String sig, String keyId,
                          Map<String, Object> fields) {

    /**
     * Whether a receipt names this record: same seq and hash, and the same signature when the receipt's signature
     * is on this record. (When it is on a later record of the batch, {@link #carriesSignatureOf} checks that one.)
     */
    public boolean matches(AuditReceipt receipt) {
        return receipt.seq() == seq && receipt.hash().equals(hash)
                && (receipt.sig() == null || receipt.headSeq() != seq || receipt.sig().equals(sig));
    }

    /** Whether this record is the head a signed receipt names: its seq, its hash and the receipt's signature. */
    public boolean carriesSignatureOf(AuditReceipt receipt) {
        return receipt.sig() != null && receipt.headSeq() == seq && receipt.headHash().equals(hash)
                && receipt.sig().equals(sig);
    }
}
