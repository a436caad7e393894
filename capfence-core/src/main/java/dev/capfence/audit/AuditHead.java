package dev.capfence.audit;

/**
 * Where an audit chain stands.
 *
 * @param seq     the last record's seq; 0 before the first record
 * @param hash    its hash; 64 zeros before the first record
 * @param records how many records can be read: {@code seq} for a complete chain, fewer when a bounded chain
 *                dropped its oldest records
 */
public record AuditHead(long seq, String hash, long records) {

    public static final AuditHead EMPTY = new AuditHead(0, Chain.GENESIS, 0);
}
