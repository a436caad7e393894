package dev.capfence.semantics.url;

/**
 * What a URL points at, as browsers and curl read it (WHATWG), or {@code unparseable} when it is not a URL
 * or when common readers disagree about its host. Fields:
 * <ul>
 *   <li>{@code scheme}: lower-case, null for a scheme-relative {@code //host/x} or when unknown;</li>
 *   <li>{@code host}: normalized (lower-case, no trailing dot, IDN as punycode, IPv4 in dotted decimal, IPv6
 *       compressed lower-case <em>without</em> brackets); null when the URL has no host and always null when
 *       {@code unparseable};</li>
 *   <li>{@code port}: explicit, else the scheme's default (http 80, https 443, ws 80, wss 443, ftp 21,
 *       gopher 70), else -1;</li>
 *   <li>{@code path}: the path without query and fragment, dot segments removed (also {@code %2e}), not
 *       otherwise decoded; null when {@code unparseable};</li>
 *   <li>{@code problem}: why it is unparseable, null exactly when it is not; {@code hostIsIp}: the host is an IP
 *       literal.</li>
 * </ul>
 * A policy should deny unparseable URLs: the host they would reach is unknown.
 */
public record ParsedUrl(String scheme, String host, int port, String path, boolean unparseable, String problem,
        boolean hostIsIp) {

    public ParsedUrl {
        if (unparseable != (problem != null)) {
            throw new IllegalArgumentException("a problem is given exactly when the URL is unparseable");
        }
        if (unparseable && (host != null || path != null || hostIsIp)) {
            throw new IllegalArgumentException("an unparseable URL has no host and no path");
        }
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    static ParsedUrl unparseable(String scheme, String problem) {
        return new ParsedUrl(scheme, null, -1, null, true, problem, false);
    }
}
