/**
 * URL semantics: which scheme, host and port an agent's proposed URL reaches, read so that {@code host_in},
 * {@code scheme_in} and {@code port_in} checks fail closed.
 *
 * <h2>Covered</h2>
 * {@link dev.capfence.semantics.url.UrlParser} follows the WHATWG URL standard (what browsers and curl
 * implement, so what an attacker aims at) for the host, and marks a URL
 * {@linkplain dev.capfence.semantics.url.ParsedUrl#unparseable() unparseable} — no host — where WHATWG and
 * RFC 3986 readers (Python's urllib, Go, java.net.URI) would reach different hosts:
 * <ul>
 *   <li>Leading and trailing whitespace and controls stripped, tabs and newlines removed everywhere (WHATWG).</li>
 *   <li>Scheme lower-cased; a special scheme (http, https, ws, wss, ftp) needs {@code //}; no scheme at all
 *       ({@code api.stripe.com/v1}) and host:port without scheme ({@code localhost:8080}) are unparseable —
 *       curl would guess {@code http://}, everything else refuses, so refusing fails closed for allow rules;
 *       scheme-relative {@code //evil.test/x} keeps its host with a null scheme.</li>
 *   <li>Authority ends at {@code / ? #}; userinfo is dropped ({@code https://api.stripe.com@evil.test} is
 *       {@code evil.test}). Unparseable: a backslash in the authority ({@code https://evil.test\@api.stripe.com}
 *       is {@code evil.test} to WHATWG, {@code api.stripe.com} to RFC readers), more than one {@code @}, spaces
 *       or controls in the authority, a bad port.</li>
 *   <li>Host: lower-cased; IDN to punycode ({@code java.net.IDN}); one trailing dot removed; IPv4 in every
 *       inet_aton form ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1}) to dotted decimal;
 *       IPv6 compressed lower-case without brackets ({@code ::ffff:127.0.0.1} is {@code ::ffff:7f00:1}).
 *       Unparseable: percent-encoding in the host (browsers decode {@code %2e}, curl does not), characters
 *       outside {@code a-z 0-9 - _ .} after IDN, empty labels, invalid punycode, and the IDNA deviation
 *       characters {@code ß ς ZWJ ZWNJ}.</li>
 *   <li>Port: explicit, else the scheme's default, else -1. Path: dot segments removed, not decoded.</li>
 * </ul>
 * {@link dev.capfence.semantics.url.HostPattern} matches normalized hosts: exact, {@code *.} subdomains, IP
 * literals, IPv4 and IPv6 CIDR (IPv4 patterns also cover IPv4-mapped IPv6).
 *
 * <h2>Out of scope</h2>
 * <ul>
 *   <li>DNS: what a name resolves to, DNS rebinding, {@code localtest.me}-style names pointing at 127.0.0.1,
 *       wildcard DNS such as {@code 127.0.0.1.nip.io}. Block those at the network layer or resolve-and-pin.</li>
 *   <li>Redirects and what the server does with the request; proxies ({@code HTTP_PROXY}).</li>
 *   <li>IPv6 forms that reach IPv4 other than IPv4-mapped: IPv4-compatible {@code ::a.b.c.d}, NAT64
 *       {@code 64:ff9b::/96}, 6to4 — list them as CIDRs if they matter; zone ids ({@code fe80::1%eth0}) are
 *       unparseable.</li>
 *   <li>Readers outside WHATWG and RFC 3986: a client that reads {@code 0177.0.0.1} as decimal 177.0.0.1, or
 *       that treats {@code ;} or {@code ,} in the authority specially. java.net.IDN implements IDNA 2003, not
 *       the UTS 46 browsers use; the known differences are refused, but rarer ones may remain.</li>
 * </ul>
 */
package dev.capfence.semantics.url;
