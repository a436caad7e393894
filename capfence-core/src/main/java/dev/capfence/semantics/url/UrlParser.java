package dev.capfence.semantics.url;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a URL the way browsers and curl do (the WHATWG URL standard), and reports it unparseable where that
 * reading and an RFC 3986 reader (Python's urllib, Go's net/url, java.net.URI) would reach different hosts.
 * Never throws. See the package documentation for the rules.
 */
public final class UrlParser {

    private UrlParser() {
    }

    public static ParsedUrl parse(String raw) {
        try {
            return parseOrThrow(raw);
        } catch (RuntimeException e) {
            // a bug here must read as "deny", never crash the gateway
            return ParsedUrl.unparseable(null, "could not parse: " + e);
        }
    }

    private static ParsedUrl parseOrThrow(String raw) {
        if (raw == null) {
            return ParsedUrl.unparseable(null, "null URL");
        }
        String s = clean(raw);
        if (s.isEmpty()) {
            return ParsedUrl.unparseable(null, "empty URL");
        }
        int colon = schemeEnd(s);
        if (colon < 0) {
            if (s.startsWith("//")) {
                return withAuthority(null, s.substring(2)); // scheme-relative: the host is still known
            }
            return ParsedUrl.unparseable(null, "no scheme: curl would guess http://, browsers and libraries would "
                    + "refuse or read it as a path");
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = s.substring(colon + 1);
        if (scheme.indexOf('.') >= 0 || (!isSpecial(scheme) && looksLikePort(rest))) {
            // api.stripe.com:443/v1 is a valid scheme "api.stripe.com" to WHATWG and a host to curl
            return ParsedUrl.unparseable(null, "looks like host:port without a scheme");
        }
        if (scheme.equals("file")) {
            return file(rest);
        }
        if (rest.startsWith("//")) {
            return withAuthority(scheme, rest.substring(2));
        }
        if (isSpecial(scheme)) {
            // WHATWG finds a host in http:evil.test, http:/evil.test and http:\\evil.test; RFC readers find none
            return ParsedUrl.unparseable(scheme, "expected // after " + scheme + ":");
        }
        // an opaque URL (mailto:, javascript:, data:): no host
        return new ParsedUrl(scheme, null, -1, rest.substring(0, pathEnd(rest)), false, null, false);
    }

    /** WHATWG: leading and trailing C0 controls and spaces stripped, tabs and newlines removed everywhere. */
    private static String clean(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && isStrippable(raw.charAt(start))) {
            start++;
        }
        while (end > start && isStrippable(raw.charAt(end - 1))) {
            end--;
        }
        StringBuilder b = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isStrippable(char c) {
        return c <= 0x20 || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** Index of the colon ending a scheme ({@code ALPHA *( ALPHA / DIGIT / + / - / . )}), or -1. */
    private static int schemeEnd(String s) {
        if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean looksLikePort(String rest) {
        int end = pathEnd(rest);
        int slash = rest.indexOf('/');
        if (slash >= 0 && slash < end) {
            end = slash;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            if (rest.charAt(i) < '0' || rest.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isSpecial(String scheme) {
        switch (scheme) {
            case "http":
            case "https":
            case "ws":
            case "wss":
            case "ftp":
            case "file":
                return true;
            default:
                return false;
        }
    }

    static int defaultPort(String scheme) {
        if (scheme == null) {
            return -1;
        }
        switch (scheme) {
            case "http":
            case "ws":
                return 80;
            case "https":
            case "wss":
                return 443;
            case "ftp":
                return 21;
            case "gopher":
                return 70;
            default:
                return -1;
        }
    }

    /** After {@code scheme://}: authority up to the first {@code / ? #} (RFC 3986), then the path. */
    private static ParsedUrl withAuthority(String scheme, String afterSlashes) {
        int end = authorityEnd(afterSlashes);
        String authority = afterSlashes.substring(0, end);
        String tail = afterSlashes.substring(end);
        if (authority.indexOf('\\') >= 0) {
            // WHATWG ends the host at \ for http(s); RFC readers keep going: the two see different hosts
            return ParsedUrl.unparseable(scheme, "backslash in the authority (browsers end the host there, RFC 3986 "
                    + "readers do not)");
        }
        for (int i = 0; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return ParsedUrl.unparseable(scheme, "space or control character in the authority");
            }
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0 && authority.indexOf('@') != at) {
            // WHATWG splits at the last @, some readers at the first
            return ParsedUrl.unparseable(scheme, "more than one @ in the authority");
        }
        String hostPort = authority.substring(at + 1); // userinfo dropped
        String hostPart;
        String portPart = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return ParsedUrl.unparseable(scheme, "unterminated IPv6 literal");
            }
            hostPart = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    return ParsedUrl.unparseable(scheme, "text after the IPv6 literal");
                }
                portPart = after.substring(1);
            }
        } else {
            int c = hostPort.indexOf(':');
            hostPart = c < 0 ? hostPort : hostPort.substring(0, c);
            portPart = c < 0 ? null : hostPort.substring(c + 1);
        }
        int port = defaultPort(scheme);
        if (portPart != null && !portPart.isEmpty()) {
            port = port(portPart);
            if (port < 0) {
                return ParsedUrl.unparseable(scheme, "invalid port " + portPart);
            }
        }
        Hosts.Host host = Hosts.parse(hostPart);
        if (!host.ok()) {
            return ParsedUrl.unparseable(scheme, host.problem());
        }
        boolean special = scheme == null || isSpecial(scheme); // scheme-relative: read as http(s)
        return new ParsedUrl(scheme, host.name(), port, path(tail, special), false, null, host.isIp());
    }

    /** {@code file:}: an optional host ({@code localhost} and a drive letter mean none), then a path. */
    private static ParsedUrl file(String rest) {
        String tail = rest;
        String host = null;
        boolean ip = false;
        if (rest.length() >= 2 && isSlash(rest.charAt(0)) && isSlash(rest.charAt(1)) && !rest.startsWith("//")) {
            return ParsedUrl.unparseable("file", "backslashes where file:// expects slashes");
        }
        if (rest.startsWith("//")) {
            String afterSlashes = rest.substring(2);
            int end = authorityEnd(afterSlashes);
            String authority = afterSlashes.substring(0, end);
            tail = afterSlashes.substring(end);
            if (authority.indexOf('\\') >= 0) {
                return ParsedUrl.unparseable("file", "backslash in the authority");
            }
            if (authority.length() == 2 && isAsciiLetter(authority.charAt(0)) && authority.charAt(1) == ':') {
                tail = "/" + authority + tail; // file://C:/x
            } else if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
                if (authority.indexOf('@') >= 0 || (authority.indexOf(':') >= 0 && !authority.startsWith("["))) {
                    return ParsedUrl.unparseable("file", "credentials or port in a file URL");
                }
                Hosts.Host h = Hosts.parse(authority);
                if (!h.ok()) {
                    return ParsedUrl.unparseable("file", h.problem());
                }
                host = h.name().equals("localhost") ? null : h.name();
                ip = host != null && h.isIp();
            }
        }
        String path = path(tail, true);
        return new ParsedUrl("file", host, -1, path, false, null, ip);
    }

    private static int authorityEnd(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return s.length();
    }

    private static int pathEnd(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return s.length();
    }

    /** Digits only, leading zeros allowed (WHATWG), at most 65535; -1 otherwise. */
    private static int port(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        String digits = s.substring(i);
        if (digits.length() > 5) {
            return -1;
        }
        int v = 0;
        for (int k = 0; k < digits.length(); k++) {
            char c = digits.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > 65535 ? -1 : v;
    }

    /**
     * The path before {@code ?} and {@code #}, with dot segments removed as WHATWG does ({@code %2e} counts as a
     * dot) and, for special schemes, {@code \} read as {@code /}. Not otherwise decoded.
     */
    private static String path(String tail, boolean special) {
        String p = tail.substring(0, pathEnd(tail));
        if (special) {
            p = p.replace('\\', '/');
        }
        if (p.isEmpty()) {
            return special ? "/" : "";
        }
        String[] parts = (p.startsWith("/") ? p.substring(1) : p).split("/", -1);
        List<String> out = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            String seg = parts[i];
            boolean last = i == parts.length - 1;
            if (isDoubleDot(seg)) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                if (last) {
                    out.add("");
                }
            } else if (isSingleDot(seg)) {
                if (last) {
                    out.add("");
                }
            } else {
                out.add(seg);
            }
        }
        return "/" + String.join("/", out);
    }

    private static boolean isSingleDot(String seg) {
        return seg.equals(".") || seg.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDot(String seg) {
        String s = seg.toLowerCase(Locale.ROOT);
        return s.equals("..") || s.equals(".%2e") || s.equals("%2e.") || s.equals("%2e%2e");
    }

    private static boolean isSlash(char c) {
        return c == '/' || c == '\\';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
