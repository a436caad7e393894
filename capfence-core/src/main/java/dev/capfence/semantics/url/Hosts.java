package dev.capfence.semantics.url;

import java.net.IDN;
import java.util.Locale;

/**
 * Host normalization shared by {@link UrlParser} and {@link HostPattern}, following the WHATWG host parser
 * where it matters and refusing where common clients read a host differently.
 */
final class Hosts {

    /** A normalized host, or a problem. {@code address} is the 16-byte (IPv4-mapped) address of an IP literal. */
    record Host(String name, byte[] address, String problem) {
        boolean ok() {
            return problem == null;
        }

        boolean isIp() {
            return address != null;
        }
    }

    private static final int MAX_CHARS = 1024;

    private Hosts() {
    }

    static Host parse(String raw) {
        try {
            return parseOrThrow(raw);
        } catch (RuntimeException e) {
            return fail("invalid host: " + e);
        }
    }

    private static Host parseOrThrow(String raw) {
        if (raw == null || raw.isEmpty()) {
            return fail("empty host");
        }
        if (raw.length() > MAX_CHARS) {
            // DNS names stop at 253; the cap also keeps punycode (quadratic in the worst case) cheap
            return fail("host longer than " + MAX_CHARS + " characters");
        }
        if (raw.startsWith("[")) {
            if (!raw.endsWith("]")) {
                return fail("unterminated IPv6 literal");
            }
            int[] v6 = Ip.parseV6(raw.substring(1, raw.length() - 1));
            return v6 == null ? fail("invalid IPv6 literal " + raw) : new Host(Ip.formatV6(v6), Ip.bytes(v6), null);
        }
        if (raw.indexOf('[') >= 0 || raw.indexOf(']') >= 0) {
            return fail("bracket in host");
        }
        if (raw.indexOf('%') >= 0) {
            // browsers decode %2e to a dot, curl and most libraries do not: two readers, two hosts
            return fail("percent-encoding in the host (browsers decode it, other clients do not)");
        }
        String ascii;
        if (isAscii(raw)) {
            ascii = raw;
        } else {
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == 'ß' || c == 'ς' || c == '\u200C' || c == '\u200D') {
                    // IDNA 2003 (java.net.IDN) maps these away, IDNA 2008 / UTS 46 (browsers, curl) keeps them
                    return fail("IDNA deviation character U+" + String.format("%04X", (int) c)
                            + " (IDNA 2003 and 2008 give different hosts)");
                }
            }
            try {
                ascii = IDN.toASCII(raw);
            } catch (IllegalArgumentException e) {
                return fail("not a valid internationalized host name: " + e.getMessage());
            }
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (Ip.endsInNumber(ascii)) {
            long v4 = Ip.parseV4(ascii);
            return v4 < 0 ? fail("invalid IPv4 address " + ascii) : new Host(Ip.formatV4(v4), Ip.mapped(v4), null);
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1); // the root label: api.stripe.com. is api.stripe.com
        }
        if (ascii.isEmpty()) {
            return fail("empty host");
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok) {
                // WHATWG lets through ! $ & ' ( ) * + , ; = { } ~ ...; DNS names never hold them
                return fail("character '" + c + "' (U+" + String.format("%04X", (int) c) + ") in host " + ascii);
            }
        }
        if (ascii.startsWith(".") || ascii.endsWith(".") || ascii.contains("..")) {
            return fail("empty label in host " + ascii);
        }
        for (String label : ascii.split("\\.")) {
            if (label.startsWith("xn--") && IDN.toUnicode(label).equals(label)) {
                return fail("invalid punycode label " + label);
            }
        }
        return new Host(ascii, null, null);
    }

    private static Host fail(String problem) {
        return new Host(null, null, problem);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
