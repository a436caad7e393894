package dev.capfence.semantics.url;

/**
 * One entry of a {@code host_in} list: an exact host ({@code api.stripe.com}), a wildcard for strict
 * subdomains ({@code *.stripe.com} matches {@code a.stripe.com} and {@code a.b.stripe.com}, not
 * {@code stripe.com}, {@code evilstripe.com} or {@code stripe.com.evil.test}), an IP literal, or an IPv4 or
 * IPv6 CIDR block ({@code 10.0.0.0/8}, {@code fc00::/7}). Patterns are normalized like hosts (case, trailing
 * dot, IDN, IPv4 forms). IPv4 patterns also match the IPv4-mapped IPv6 form of their addresses
 * ({@code 127.0.0.0/8} matches {@code ::ffff:7f00:1}), which a dual-stack socket reaches as IPv4.
 */
public final class HostPattern {

    private enum Kind { EXACT, WILDCARD, ADDRESS }

    private final String source;
    private final Kind kind;
    private final String name; // EXACT: the host; WILDCARD: the suffix without "*."
    private final byte[] address; // ADDRESS: 16 bytes
    private final int prefixBits; // ADDRESS: 128 for a literal

    private HostPattern(String source, Kind kind, String name, byte[] address, int prefixBits) {
        this.source = source;
        this.kind = kind;
        this.name = name;
        this.address = address;
        this.prefixBits = prefixBits;
    }

    /** @throws IllegalArgumentException for a pattern that is not a valid host, wildcard or CIDR block */
    public static HostPattern compile(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("empty host pattern");
        }
        String p = pattern.strip();
        int slash = p.indexOf('/');
        if (slash >= 0) {
            Hosts.Host h = Hosts.parse(bracketed(p.substring(0, slash)));
            if (!h.ok() || !h.isIp()) {
                throw new IllegalArgumentException("host pattern " + pattern + ": CIDR needs an IP address");
            }
            boolean v4 = p.indexOf(':') < 0;
            int bits = bits(p.substring(slash + 1), v4 ? 32 : 128);
            if (bits < 0) {
                throw new IllegalArgumentException("host pattern " + pattern + ": invalid prefix length");
            }
            return new HostPattern(pattern, Kind.ADDRESS, null, h.address(), v4 ? bits + 96 : bits);
        }
        if (p.startsWith("*.")) {
            Hosts.Host h = Hosts.parse(p.substring(2));
            if (!h.ok() || h.isIp()) {
                throw new IllegalArgumentException("host pattern " + pattern + ": *. needs a domain after it"
                        + (h.ok() ? "" : " (" + h.problem() + ")"));
            }
            return new HostPattern(pattern, Kind.WILDCARD, h.name(), null, 0);
        }
        if (p.indexOf('*') >= 0) {
            throw new IllegalArgumentException("host pattern " + pattern + ": * is only allowed as a leading *.");
        }
        Hosts.Host h = Hosts.parse(bracketed(p));
        if (!h.ok()) {
            throw new IllegalArgumentException("host pattern " + pattern + ": " + h.problem());
        }
        return h.isIp()
                ? new HostPattern(pattern, Kind.ADDRESS, null, h.address(), 128)
                : new HostPattern(pattern, Kind.EXACT, h.name(), null, 0);
    }

    /**
     * Whether {@code normalizedHost} (as {@link ParsedUrl#host()} gives it; it is normalized again here, so a
     * raw host also works) falls under this pattern. Null or invalid hosts match nothing.
     */
    public boolean matches(String normalizedHost) {
        if (normalizedHost == null) {
            return false;
        }
        return matchesParsed(parse(normalizedHost));
    }

    /** The host as {@link #matches(String)} reads it, so that a list of patterns reads it once. */
    static Hosts.Host parse(String host) {
        return Hosts.parse(bracketed(host));
    }

    /** A host {@link #parse parsed}; one with a problem matches nothing. */
    boolean matchesParsed(Hosts.Host h) {
        if (!h.ok()) {
            return false;
        }
        switch (kind) {
            case EXACT:
                return !h.isIp() && h.name().equals(name);
            case WILDCARD:
                return !h.isIp() && h.name().length() > name.length() + 1 && h.name().endsWith("." + name);
            default:
                return h.isIp() && samePrefix(h.address());
        }
    }

    private boolean samePrefix(byte[] other) {
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != other[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (other[full] & mask);
    }

    /** IPv6 without brackets ({@code ::1}, as ParsedUrl gives it) gets them, so the host parser sees a literal. */
    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static int bits(String s, int max) {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int v = Integer.parseInt(s);
        return v > max ? -1 : v;
    }

    @Override
    public String toString() {
        return source;
    }
}
