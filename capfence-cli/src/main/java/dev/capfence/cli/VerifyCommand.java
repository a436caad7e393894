package dev.capfence.cli;

import dev.capfence.audit.AuditKeys;
import dev.capfence.audit.AuditReceipt;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.ChainRecord;
import dev.capfence.audit.VerifyResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code capfence verify}: recomputes an audit chain and reports the first broken seq, and confirms receipts.
 * Results go to stdout (they are the command's answer); usage problems to stderr with exit 2.
 */
@Command(name = "verify",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the chain is intact (and holds every receipt given)",
                "1:the chain is broken, or a receipt is not in it",
                "2:usage error, unreadable log, key or receipt file"
        },
        description = {
                "Verifies an audit chain: every record's hash recomputed from its content, seqs without gaps, each "
                        + "prev_hash the hash of the record before, and — with --public-key — every record covered by "
                        + "a valid signature: its own or a later record's (sinks sign the last record of each group "
                        + "they commit, whose hash covers the group).",
                "Follows rotation: FILE.1, FILE.2 … (oldest first), then FILE; evicted older files are fine when the "
                        + "oldest file present opens with its checkpoint.",
                "Prints 'OK <n> records, head <hash>' or 'BROKEN at seq <n>: <why>'.",
                "Records cut off cleanly at the end look like a shorter log: pass --expect-head or --receipt to detect that."
        })
final class VerifyCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "The audit log (the current file of a rotated log).")
    Path file;

    @Option(names = "--public-key", paramLabel = "PUBLIC.pem",
            description = "Require every record to be covered by a valid Ed25519 signature by this key (X.509 PEM), "
                    + "its own or a later record's; records after the last signature break the chain. Repeat for "
                    + "keys used earlier.")
    List<Path> publicKeys = new ArrayList<>();

    @Option(names = "--receipt", paramLabel = "RECEIPT.json",
            description = "A receipt the chain must hold: a verdict printed by 'check --audit' (one or more, JSON or "
                    + "JSONL) or {\"seq\", \"hash\"}. Repeatable.")
    List<Path> receiptFiles = new ArrayList<>();

    @Option(names = "--expect-head", paramLabel = "HASH",
            description = "A record hash the chain must contain, such as the head seen earlier: detects records cut off at the end.")
    String expectHead;

    @Option(names = "--single",
            description = "Verify FILE alone, from its genesis or from the checkpoint it opens with (no rotated files read).")
    boolean single;

    @Override
    public Integer call() {
        AuditVerifier.Builder builder = AuditVerifier.builder();
        for (Path key : publicKeys) {
            try {
                builder.publicKey(AuditKeys.readPublicKey(key));
            } catch (IOException e) {
                throw new CliFailure("capfence: cannot read public key " + key + ": " + Inputs.describe(e));
            }
        }
        if (expectHead != null) {
            String head = expectHead.toLowerCase(Locale.ROOT);
            if (!head.matches("[0-9a-f]{64}")) {
                throw new CliFailure("capfence verify: --expect-head must be a 64-character hex hash");
            }
            builder.expectHead(head);
        }
        List<AuditReceipt> receipts = receipts();
        Map<Long, ChainRecord> named = new HashMap<>(); // the records receipts name, and those carrying their signature
        receipts.forEach(r -> {
            named.put(r.seq(), null);
            named.put(r.headSeq(), null);
        });
        builder.onRecord(record -> {
            if (named.containsKey(record.seq())) {
                named.put(record.seq(), record);
            }
        });

        VerifyResult result;
        try {
            AuditVerifier verifier = builder.build();
            result = single ? verifier.verifyFile(file) : verifier.verify(file);
        } catch (NoSuchFileException e) {
            throw new CliFailure("capfence: cannot read audit log " + file + ": no such file");
        } catch (IOException e) {
            throw new CliFailure("capfence: cannot read audit log " + file + ": " + Inputs.describe(e));
        }

        PrintWriter out = spec.commandLine().getOut();
        out.println(result.summary());
        if (result.intact() && result.anchored()) {
            out.println("note: read from the checkpoint at seq " + result.firstSeq() + " in "
                    + result.files().get(0).getFileName() + "; the records before it are in files not present");
        }
        if (result.signaturesUnchecked() > 0) {
            out.println("note: " + Inputs.count(result.signaturesUnchecked(), "signature") + " not checked (no --public-key)");
            if (result.intact() && result.unsignedTail() > 0) {
                out.println("note: " + Inputs.count(result.unsignedTail(), "record") + " at the end not covered by a"
                        + " signature (an unsigned tail; --public-key rejects it)");
            }
        }
        boolean allFound = true;
        for (AuditReceipt receipt : receipts) {
            String missing = whyMissing(receipt, named.get(receipt.seq()), result);
            if (missing == null) {
                missing = whySignatureMissing(receipt, named.get(receipt.headSeq()), result);
            }
            allFound &= missing == null;
            out.println(missing == null ? "OK receipt seq " + receipt.seq() + " is in the chain"
                    : "NOT IN CHAIN receipt seq " + receipt.seq() + ": " + missing);
        }
        out.flush();
        return result.intact() && allFound ? CapFenceCommand.OK : CapFenceCommand.CHECK_FAILED;
    }

    private static String whyMissing(AuditReceipt receipt, ChainRecord record, VerifyResult result) {
        if (record != null) {
            if (!receipt.hash().equals(record.hash())) {
                return "the record at that seq has hash " + record.hash() + ", the receipt says " + receipt.hash();
            }
            if (!record.matches(receipt)) {
                return "the record's signature differs from the receipt's";
            }
            return null;
        }
        return whyAbsent(receipt.seq(), result);
    }

    /** A signature on a later record of the batch: that record must be in the chain, as the receipt says. */
    private static String whySignatureMissing(AuditReceipt receipt, ChainRecord head, VerifyResult result) {
        if (receipt.sig() == null || receipt.headSeq() == receipt.seq()) {
            return null;
        }
        if (head == null) {
            return "the record carrying its signature (seq " + receipt.headSeq() + ") is not there: "
                    + whyAbsent(receipt.headSeq(), result);
        }
        if (!head.carriesSignatureOf(receipt)) {
            return "the record carrying its signature (seq " + receipt.headSeq() + ") is not the one the receipt names"
                    + (head.hash().equals(receipt.headHash()) ? " (another signature)" : " (hash " + head.hash() + ")");
        }
        return null;
    }

    private static String whyAbsent(long seq, VerifyResult result) {
        if (!result.intact() && seq >= result.brokenSeq()) {
            return "the chain is broken at seq " + result.brokenSeq() + ", before it";
        }
        if (result.records() > 0 && seq < result.firstSeq()) {
            return "the chain read starts at seq " + result.firstSeq() + "; that record is in a file not present";
        }
        return "the chain ends at seq " + result.headSeq() + ": records were cut off, or this is another log";
    }

    /** Every receipt in the files given: each file holds one or more JSON objects (a verdict, or {seq, hash}). */
    private List<AuditReceipt> receipts() {
        List<AuditReceipt> all = new ArrayList<>();
        for (Path path : receiptFiles) {
            byte[] bytes = Inputs.bytes(path.toString(), CapFenceCommand.stdin(spec), "receipt file");
            int before = all.size();
            try (MappingIterator<Map<String, Object>> values = Output.mapper().readerFor(Map.class).readValues(bytes)) {
                while (values.hasNextValue()) {
                    all.add(AuditReceipt.fromMap(values.nextValue()));
                }
            } catch (JacksonException | IllegalArgumentException e) {
                String why = e instanceof JacksonException j ? "not JSON: " + j.getOriginalMessage() : e.getMessage();
                throw new CliFailure("capfence: cannot read receipt file " + path + ": " + why);
            }
            if (all.size() == before) {
                throw new CliFailure("capfence: receipt file " + path + " holds no receipt");
            }
        }
        return all;
    }
}
