package dev.capfence.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 8785 canonical JSON and SHA-256, the two primitives every hash in the chain is made of. Jackson turns
 * values into JSON text; the canonicalizer then fixes key order, number and string forms, so a record hashes
 * to the same bytes wherever it is re-read.
 */
final class Canonical {

    private static final HexFormat HEX = HexFormat.of();
    private static final MessageDigest SHA256 = lookUpSha256(); // never updated: only copied

    private static MessageDigest lookUpSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private Canonical() {
    }

    /** The canonical JSON text of a JSON-like value (maps, lists, strings, numbers, booleans, null). */
    static String of(Object value) {
        String direct = CanonicalText.of(value); // the usual tree, without writing JSON and reading it back
        return direct != null ? direct : ofJson(Mapper.JSON.writeValueAsString(value));
    }

    /** Made when a value first needs it: the usual record never does, and a mapper is slow to start. */
    static final class Mapper {
        static final JsonMapper JSON = JsonMapper.builder().build();
    }

    /** The canonical form of JSON text; an {@link IllegalArgumentException} when it is not JSON RFC 8785 accepts. */
    static String ofJson(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not canonicalizable JSON: " + e.getMessage(), e);
        }
    }

    /** Parses one JSON object (keys in text order). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String json) {
        Object tree = Mapper.JSON.readValue(json, Object.class);
        if (!(tree instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (Map<String, Object>) tree;
    }

    static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(sha256().digest(bytes));
    }

    /** A fresh SHA-256 digest: a copy of an unused one, cheaper than looking the algorithm up for every hash. */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    /** A record's chain hash: SHA-256 over the previous hash (64 hex characters) followed by the record's canonical JSON. */
    static String chainHash(String prevHash, String canonicalRecord) {
        return sha256Hex(prevHash + canonicalRecord);
    }

    static boolean isHash(Object value) {
        if (!(value instanceof String s) || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }
}
