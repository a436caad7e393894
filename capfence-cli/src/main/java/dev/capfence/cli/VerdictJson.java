package dev.capfence.cli;

import dev.capfence.audit.AuditReceipt;
import dev.capfence.engine.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes verdicts as compact JSON lines of UTF-8 bytes into a buffer: the same text as {@link Verdict#toMap()}
 * written by the JSON mapper (same keys, order and escaping), without building a map, a string or a character
 * stream for every verdict — a batch filter writes hundreds of megabytes of them.
 */
final class VerdictJson {

    private static final byte[] NEWLINE = System.lineSeparator().getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;
    // The texts a policy gives its verdicts (reasons, rule ids, its digest) are the same few string objects
    // verdict after verdict: each is encoded once and then copied.
    private final String[] constants = new String[16];
    private final byte[][] encoded = new byte[16][];

    VerdictJson(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
    }

    /** One verdict and its line end; keys in {@link Verdict#toMap()} order. */
    void write(Verdict v) {
        ascii("{\"id\":");
        string(v.eventId());
        ascii(",\"decision\":");
        constant(v.decision().wireName());
        ascii(v.authorized() ? ",\"authorized\":true,\"reason_code\":" : ",\"authorized\":false,\"reason_code\":");
        constant(v.reasonCode().wireName());
        ascii(",\"reason\":");
        constant(v.reason());
        ascii(",\"rule_id\":");
        constant(v.ruleId());
        ascii(",\"capability\":");
        string(v.capability());
        ascii(",\"policy_sha256\":");
        constant(v.policySha256());
        ascii(v.toolInvoked() ? ",\"tool_invoked\":true,\"approval_id\":" : ",\"tool_invoked\":false,\"approval_id\":");
        string(v.approvalId());
        ascii(",\"evaluation_nanos\":");
        number(v.evaluationNanos());
        ascii(",\"mode\":");
        constant(v.mode().wireName());
        if (v.shadowDecision() != null) {
            ascii(",\"shadow_decision\":");
            string(v.shadowDecision().wireName());
            ascii(",\"shadow_rule_id\":");
            string(v.shadowRuleId());
        }
        if (v.receipt() != null) {
            receipt(v.receipt());
        }
        ascii("}");
        bytes(NEWLINE);
    }

    // AuditReceipt.toMap()'s keys and order.
    private void receipt(AuditReceipt r) {
        ascii(",\"receipt\":{\"seq\":");
        number(r.seq());
        ascii(",\"hash\":");
        string(r.hash());
        if (r.sig() != null) {
            ascii(",\"sig\":");
            string(r.sig());
            ascii(",\"key_id\":");
            string(r.keyId());
        }
        if (r.headSeq() != r.seq()) {
            ascii(",\"head_seq\":");
            number(r.headSeq());
            ascii(",\"head_hash\":");
            string(r.headHash());
        }
        ascii("}");
    }

    /** The bytes written so far. */
    int length() {
        return len;
    }

    /** The buffer itself, its first {@link #length()} bytes written: for a caller done with this writer. */
    byte[] buffer() {
        return buf;
    }

    /** A string that usually recurs as the very same object: its JSON text is looked up before it is made. */
    private void constant(String s) {
        if (s == null) {
            ascii("null");
            return;
        }
        for (int i = 0; i < constants.length; i++) {
            if (constants[i] == s) {
                bytes(encoded[i]);
                return;
            }
            if (constants[i] == null) {
                int from = len;
                string(s);
                constants[i] = s;
                encoded[i] = Arrays.copyOfRange(buf, from, len);
                return;
            }
        }
        string(s); // more distinct texts than the table holds: written each time
    }

    /**
     * A JSON string as the mapper escapes it: quote, backslash and control characters escaped, the rest as UTF-8
     * (half a surrogate pair as '?', which is what a UTF-8 encoder writes). The bytes that need an escape never occur
     * inside a multi-byte UTF-8 sequence, so the encoded bytes are copied, and escaped where they need it.
     */
    private void string(String s) {
        if (s == null) {
            ascii("null");
            return;
        }
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        int first = 0;
        while (first < u.length && !needsEscape(u[first])) {
            first++;
        }
        ensure(u.length * 6 + 2);
        byte[] b = buf;
        int at = len;
        b[at++] = '"';
        System.arraycopy(u, 0, b, at, first); // the usual string: all of it
        at += first;
        for (int i = first; i < u.length; i++) {
            byte c = u[i];
            at = needsEscape(c) ? escape(b, at, (char) c) : put(b, at, c);
        }
        b[at++] = '"';
        len = at;
    }

    private static boolean needsEscape(byte c) {
        return c >= 0 && c < 0x20 || c == '"' || c == '\\';
    }

    private static int put(byte[] b, int at, byte c) {
        b[at] = c;
        return at + 1;
    }

    private static int escape(byte[] b, int at, char c) {
        b[at++] = '\\';
        switch (c) {
            case '"', '\\' -> b[at++] = (byte) c;
            case '\b' -> b[at++] = 'b';
            case '\t' -> b[at++] = 't';
            case '\n' -> b[at++] = 'n';
            case '\f' -> b[at++] = 'f';
            case '\r' -> b[at++] = 'r';
            default -> {
                b[at++] = 'u';
                b[at++] = '0';
                b[at++] = '0';
                b[at++] = HEX[c >> 4];
                b[at++] = HEX[c & 0xF];
            }
        }
        return at;
    }

    private void number(long n) {
        ascii(Long.toString(n));
    }

    /** Text known to be ASCII with nothing to escape. */
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, len); // ASCII: each char is its byte
        len += n;
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
