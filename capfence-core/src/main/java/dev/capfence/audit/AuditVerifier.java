package dev.capfence.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Verifies an audit chain: recomputes every record's hash from its content (a stored hash is never trusted),
 * checks that seqs run without gaps and each prev_hash names the record before, that each rotated file opens
 * with a checkpoint bound to the file before it, and — when public keys are given — that every signature is valid
 * by one of them and every record is covered by one: signed itself, or followed by a signed record (a sink signs
 * the last record of each group it commits, whose hash covers the group). Records after the last signature — an
 * unsigned tail — break a chain verified with keys. Reports the first seq where the chain breaks.
 *
 * <p>What no verifier can tell on its own: records cut off cleanly at the end of the newest file look like a
 * shorter log. Give the head you last saw ({@link Builder#expectHead}) or check receipts to detect that. And
 * without signatures, someone who can rewrite the file can recompute every hash after an edit: the chain then
 * only proves integrity against a head or receipt kept elsewhere.
 */
public final class AuditVerifier {

    private final Map<String, PublicKey> keys;
    private final String expectedHead;
    private final Consumer<ChainRecord> listener;

    private AuditVerifier(Builder b) {
        this.keys = Map.copyOf(b.keys);
        this.expectedHead = b.expectedHead;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A verifier that checks hashes and links but no signatures. */
    public static AuditVerifier create() {
        return builder().build();
    }

    /**
     * Verifies a log and the files rotated out of it ({@code FILE.1}, {@code FILE.2} …, then {@code FILE}).
     * When the oldest files were evicted, the chain is read from the checkpoint the oldest remaining file opens with.
     */
    public VerifyResult verify(Path file) throws IOException {
        List<Path> files = LogFiles.chain(file);
        if (files.isEmpty()) {
            throw new NoSuchFileException(file.toString());
        }
        return run(files);
    }

    /** Verifies one file alone, from its genesis or from the checkpoint it opens with. */
    public VerifyResult verifyFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return run(List.of(file));
    }

    /** Verifies lines as a sink wrote them (for instance {@link InMemoryAuditSink#lines()}). */
    public VerifyResult verifyLines(List<String> lines) {
        return verifyLines(lines, new ChainWalker(keys));
    }

    /**
     * Verifies the records a bounded chain kept: the first one's prev_hash is trusted (its predecessor was dropped),
     * every later link is checked. The result is {@code anchored} when the first kept record is not the genesis.
     */
    VerifyResult verifyKept(List<String> lines) {
        return verifyLines(lines, new ChainWalker(keys).trustingFirstLink());
    }

    private VerifyResult verifyLines(List<String> lines, ChainWalker walker) {
        HeadWatch watch = new HeadWatch();
        try {
            long number = 0;
            for (String line : lines) {
                watch.accept(walker.accept(line, "(memory)", ++number, false));
            }
        } catch (ChainWalker.Broken b) {
            return broken(walker, b.seq, b.getMessage(), List.of());
        }
        return finish(walker, watch, List.of());
    }

    private VerifyResult run(List<Path> files) throws IOException {
        ChainWalker walker = new ChainWalker(keys);
        HeadWatch watch = new HeadWatch();
        List<Path> read = new ArrayList<>();
        try {
            for (Path file : files) {
                read.add(file);
                ChainWalker.FileScan scan = walker.scan(file, read.size() == 1, watch);
                if (scan.tornBytes() > 0) {
                    return broken(walker, walker.expectedSeq(), file.getFileName() + ": the last line is incomplete ("
                            + scan.tornBytes() + " bytes without a newline): a write was cut off; the sink truncates it"
                            + " when it next opens the log", read);
                }
            }
        } catch (ChainWalker.Broken b) {
            return broken(walker, b.seq, b.getMessage(), read);
        }
        return finish(walker, watch, read);
    }

    private VerifyResult finish(ChainWalker walker, HeadWatch watch, List<Path> files) {
        if (expectedHead != null && !watch.seen) {
            return broken(walker, walker.headSeq() + 1, "the expected head " + expectedHead + " is not in the chain, which"
                    + " ends at seq " + walker.headSeq() + " (hash " + walker.head() + "): records were cut off, or this"
                    + " is another log", files);
        }
        if (!keys.isEmpty() && walker.unsignedTail() > 0) {
            long from = walker.unsignedFrom();
            return broken(walker, from, (from == walker.headSeq() ? "seq " + from + " is"
                    : "seq " + from + " to " + walker.headSeq() + " are") + " not covered by a signature (an unsigned"
                    + " tail): a group cut off by a crash before its signed last record (never acknowledged; the sink"
                    + " covers it with its next signature), or records appended without the key", files);
        }
        return new VerifyResult(true, walker.records(), walker.firstSeq(), walker.headSeq(), walker.head(), 0, null,
                walker.anchored(), walker.signaturesChecked(), walker.signaturesUnchecked(), walker.unsignedTail(), files);
    }

    /**
     * With keys, a record is proven only once a signature covers it, so a break found after unsigned records is
     * reported at the first of them: any of them may be the one that was altered or inserted, and the chain is
     * proven up to the last signed record.
     */
    private VerifyResult broken(ChainWalker walker, long seq, String problem, List<Path> files) {
        long headSeq = walker.headSeq();
        String head = walker.head();
        if (!keys.isEmpty() && walker.unsignedTail() > 0) {
            long from = walker.unsignedFrom();
            if (seq > from) {
                problem += "; the records from seq " + from + " on are not signed (no valid signature covers them),"
                        + (walker.signedSeq() == 0 ? " so no record is proven"
                        : " so the chain is proven up to seq " + walker.signedSeq() + " only");
                seq = from;
            }
            headSeq = walker.signedSeq();
            head = walker.signedHash();
        }
        return new VerifyResult(false, walker.records(), walker.firstSeq(), headSeq, head, seq, problem,
                walker.anchored(), walker.signaturesChecked(), walker.signaturesUnchecked(), walker.unsignedTail(),
                files);
    }

    /** Passes records to the listener and notes whether the expected head went by. */
    private final class HeadWatch implements Consumer<ChainRecord> {
        boolean seen;

        @Override
        public void accept(ChainRecord record) {
            if (record.hash().equals(expectedHead)) {
                seen = true;
            }
            if (listener != null) {
                listener.accept(record);
            }
        }
    }

    /** Configures a verifier. */
    public static final class Builder {
        private final Map<String, PublicKey> keys = new LinkedHashMap<>();
        private String expectedHead;
        private Consumer<ChainRecord> listener;

        private Builder() {
        }

        /**
         * Require every record to be covered by a valid signature by this key (or another one given): its own or a
         * later record's. May be called for each key in use.
         */
        public Builder publicKey(PublicKey key) {
            keys.put(AuditKeys.keyId(key), key);
            return this;
        }

        /**
         * A record hash the chain must contain — the head seen earlier, kept outside the log. Without it, records
         * cut off at the end are indistinguishable from a shorter log.
         */
        public Builder expectHead(String hash) {
            this.expectedHead = hash;
            return this;
        }

        /** Called with each record that verified, in order (to look up receipts, count, index …). */
        public Builder onRecord(Consumer<ChainRecord> listener) {
            this.listener = listener;
            return this;
        }

        public AuditVerifier build() {
            return new AuditVerifier(this);
        }
    }
}
