package dev.capfence.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks records one after another, as written: each line taken apart and re-hashed (never trusting a stored
 * hash), its seq and prev_hash linked to the record before, and its signature checked when keys are given.
 * Used by the verifier and by the file sink when it resumes a log.
 */
final class ChainWalker {

    /** The chain is broken at {@code seq}: the first record that is missing, out of place or not what was written. */
    static final class Broken extends Exception {
        final long seq;

        Broken(long seq, String message) {
            super(message, null, false, false);
            this.seq = seq;
        }
    }

    /** What reading one file found: where its last complete line ends and how many bytes follow it unterminated. */
    record FileScan(long validBytes, long tornBytes) {
    }

    private static final String HASH_KEY = ",\"hash\":\"";
    private static final Pattern TAIL = Pattern.compile(
            ",\"hash\":\"([0-9a-f]{64})\"(?:,\"sig\":\"([A-Za-z0-9+/]+={0,2})\",\"key_id\":\"([0-9a-f]{64})\")?}");
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d{1,18})[,}]");
    private static final Set<String> TYPES = Set.of(RecordBodies.DECISION, RecordBodies.OUTCOME, RecordBodies.CHECKPOINT,
            RecordBodies.APPROVAL, RecordBodies.GRANT);

    private final Map<String, PublicKey> keys; // by key id; empty: signatures are not checked

    private long nextSeq; // 0 until the first record
    private String head = Chain.GENESIS;
    private long records;
    private long firstSeq;
    private boolean anchored;
    private boolean trustFirstLink; // the first record's prev_hash names a record that was dropped on purpose
    private long signaturesChecked;
    private long signaturesUnchecked;
    private long unsignedTail; // records after the last signature: not (yet) covered by one
    private long signedSeq; // the last signed record: 0 and the genesis hash until one
    private String signedHash = Chain.GENESIS;

    ChainWalker(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /**
     * Accept any record as the first one, trusting its prev_hash: for a bounded chain that dropped its oldest
     * records. Everything from that record on is checked as usual.
     */
    ChainWalker trustingFirstLink() {
        trustFirstLink = true;
        return this;
    }

    long records() { return records; }
    long firstSeq() { return firstSeq; }
    /** The seq of the last record that verified; 0 when none did. */
    long headSeq() { return nextSeq == 0 ? 0 : nextSeq - 1; }
    String head() { return head; }
    boolean anchored() { return anchored; }
    long signaturesChecked() { return signaturesChecked; }
    long signaturesUnchecked() { return signaturesUnchecked; }
    /** How many records follow the last signature (all of them in an unsigned chain). */
    long unsignedTail() { return unsignedTail; }
    /** The seq of the first of them; 0 when there are none. */
    long unsignedFrom() { return unsignedTail == 0 ? 0 : nextSeq - unsignedTail; }
    /** The last record that carries a signature (valid, when keys are given): 0 when none does. */
    long signedSeq() { return signedSeq; }
    String signedHash() { return signedHash; }

    /** The seq the next record must have; 1 before the first record (the genesis is the likeliest start). */
    long expectedSeq() {
        return nextSeq == 0 ? 1 : nextSeq;
    }

    /**
     * Reads a file line by line through {@link #accept}. A last line without its newline (a write cut off) is
     * not judged here: its length is returned so the caller can report it (verify) or truncate it (the sink).
     */
    FileScan scan(Path file, boolean firstFile, Consumer<ChainRecord> listener) throws IOException, Broken {
        String name = file.getFileName().toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
            long offset = 0;
            long validEnd = 0;
            long number = 0;
            int b;
            while ((b = in.read()) != -1) {
                offset++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                number++;
                String text = utf8(line.toByteArray(), name, number);
                ChainRecord record = accept(text, name, number, number == 1 && !firstFile);
                if (listener != null) {
                    listener.accept(record);
                }
                validEnd = offset;
                line.reset();
            }
            return new FileScan(validEnd, offset - validEnd);
        }
    }

    private String utf8(byte[] bytes, String file, long number) throws Broken {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Broken(expectedSeq(), file + " line " + number + ": not UTF-8 text");
        }
    }

    /**
     * Checks one record against the chain so far and advances it.
     *
     * @param startsFile the record is the first of a file that continues an earlier one, so it must be a checkpoint
     */
    ChainRecord accept(String line, String file, long number, boolean startsFile) throws Broken {
        String where = file + " line " + number + ": ";
        long guess = seqIn(line);
        int at = line.lastIndexOf(HASH_KEY);
        if (line.isEmpty() || line.charAt(0) != '{' || at < 0) {
            throw new Broken(guess, where + (line.isBlank() ? "blank line" : "not an audit record (no hash at its end)"));
        }
        Matcher tail = TAIL.matcher(line).region(at, line.length());
        if (!tail.matches()) {
            throw new Broken(guess, where + "the hash, sig and key_id at the end of the record are malformed");
        }
        String body = line.substring(0, at) + "}";
        Map<String, Object> fields;
        try {
            if (!Canonical.ofJson(body).equals(body)) {
                throw new Broken(guess, where + "the record is not in canonical form (RFC 8785): it was edited");
            }
            fields = Canonical.parseObject(body);
        } catch (RuntimeException e) {
            throw new Broken(guess, where + "not valid JSON");
        }
        String hash = tail.group(1);
        String sig = tail.group(2);
        String keyId = tail.group(3);

        long seq = chainFields(fields, guess, where);
        String type = (String) fields.get("type");
        String prevHash = (String) fields.get("prev_hash");
        link(seq, type, prevHash, startsFile, where);
        if (!Canonical.chainHash(prevHash, body).equals(hash)) {
            throw new Broken(seq, where + "the hash does not match the record's content: the record was edited");
        }
        typeFields(fields, seq, type, where);
        signature(seq, hash, sig, keyId, where);

        if (records == 0) {
            firstSeq = seq;
        }
        records++;
        nextSeq = seq + 1;
        head = hash;
        return new ChainRecord(file, number, seq, type, hash, sig, keyId, fields);
    }

    private long seqIn(String line) {
        // The last match: top-level keys are sorted, and only "event" or "error", which sort before "seq", nest.
        Matcher m = SEQ.matcher(line);
        long seq = expectedSeq();
        while (m.find()) {
            seq = Long.parseLong(m.group(1));
        }
        return seq;
    }

    private static long chainFields(Map<String, Object> f, long guess, String where) throws Broken {
        if (!(f.get("v") instanceof Number v) || v.doubleValue() != Chain.VERSION) {
            throw new Broken(guess, where + "unknown record version " + f.get("v"));
        }
        if (!(f.get("seq") instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 1) {
            throw new Broken(guess, where + "no valid seq");
        }
        if (!(f.get("type") instanceof String type) || !TYPES.contains(type)) {
            throw new Broken(n.longValue(), where + "unknown record type " + f.get("type"));
        }
        if (!Canonical.isHash(f.get("prev_hash"))) {
            throw new Broken(n.longValue(), where + "no valid prev_hash");
        }
        for (String reserved : new String[] {"hash", "sig", "key_id"}) {
            if (f.containsKey(reserved)) {
                throw new Broken(n.longValue(), where + "'" + reserved + "' appears twice");
            }
        }
        return n.longValue();
    }

    /** Where this record may stand: right after the previous one, or at a start the chain allows. */
    private void link(long seq, String type, String prevHash, boolean startsFile, String where) throws Broken {
        boolean checkpoint = RecordBodies.CHECKPOINT.equals(type);
        if (nextSeq == 0) {
            if (trustFirstLink && seq > 1) {
                anchored = true;
                return;
            }
            if (seq == 1 && !checkpoint) {
                if (!Chain.GENESIS.equals(prevHash)) {
                    throw new Broken(seq, where + "the genesis record's prev_hash is not 64 zeros");
                }
                return;
            }
            if (!checkpoint) {
                // The record just before is what is missing: the genesis, or the checkpoint a file opens with.
                throw new Broken(seq - 1, where + "seq " + (seq - 1) + " is missing: the chain starts at seq " + seq
                        + ", which is neither the genesis (seq 1) nor a checkpoint");
            }
            anchored = true; // a file read on its own trusts its checkpoint's prev_hash; the signature vouches for it
            return;
        }
        if (seq > nextSeq) {
            throw new Broken(nextSeq, where + (seq == nextSeq + 1 ? "seq " + nextSeq + " is missing"
                    : "seq " + nextSeq + " to " + (seq - 1) + " are missing") + " (found seq " + seq + "): records were deleted or reordered");
        }
        if (seq < nextSeq) {
            throw new Broken(nextSeq, where + "found seq " + seq + " where seq " + nextSeq
                    + " belongs: a record was inserted, duplicated or reordered");
        }
        if (!head.equals(prevHash)) {
            throw new Broken(seq, where + "prev_hash is not the hash of seq " + (seq - 1)
                    + ": a record was inserted or replaced");
        }
        if (startsFile && !checkpoint) {
            throw new Broken(seq, where + "the file does not start with a checkpoint: it was removed");
        }
        if (!startsFile && checkpoint) {
            throw new Broken(seq, where + "a checkpoint inside a file: records were spliced in");
        }
    }

    private static void typeFields(Map<String, Object> f, long seq, String type, String where) throws Broken {
        switch (type) {
            case RecordBodies.CHECKPOINT -> {
                if (!(f.get("prev_seq") instanceof Number p) || p.longValue() != seq - 1) {
                    throw new Broken(seq, where + "the checkpoint's prev_seq is not " + (seq - 1));
                }
            }
            case RecordBodies.OUTCOME -> {
                if (!(f.get("decision_seq") instanceof Number d) || d.longValue() >= seq || d.longValue() < 1) {
                    throw new Broken(seq, where + "the outcome's decision_seq does not name an earlier record");
                }
            }
            case RecordBodies.APPROVAL, RecordBodies.GRANT -> {
                String idKey = RecordBodies.APPROVAL.equals(type) ? "approval_id" : "grant_id";
                if (!(f.get(idKey) instanceof String)) {
                    throw new Broken(seq, where + "the " + type + " record has no " + idKey);
                }
            }
            default -> {
                if (!(f.get("event") instanceof Map)) {
                    throw new Broken(seq, where + "the decision has no event");
                }
            }
        }
    }

    /**
     * A signature covers its record and, through the chain, every record before it; so a record may go unsigned
     * when a later one is signed (one signature per group commit). With keys, every signature present must be valid
     * by one of them; records left unsigned at the end are the verifier's to judge ({@link #unsignedTail}).
     */
    private void signature(long seq, String hash, String sig, String keyId, String where) throws Broken {
        if (sig == null) {
            unsignedTail++;
            return;
        }
        if (keys.isEmpty()) {
            signaturesUnchecked++;
            signed(seq, hash);
            return;
        }
        PublicKey key = keys.get(keyId);
        if (key == null) {
            throw new Broken(seq, where + "signed with key " + keyId + ", not with the key(s) given");
        }
        if (!AuditKeys.verify(key, hash, sig)) {
            throw new Broken(seq, where + "the signature does not verify");
        }
        signaturesChecked++;
        signed(seq, hash);
    }

    private void signed(long seq, String hash) {
        unsignedTail = 0;
        signedSeq = seq;
        signedHash = hash;
    }
}
