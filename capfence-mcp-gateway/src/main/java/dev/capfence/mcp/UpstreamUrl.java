package dev.capfence.mcp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An MCP server reached over Streamable HTTP, and the headers only the gateway sends it: a credential the server
 * needs is held by the gateway, never shown to the client. {@link #toString()} names no header value.
 */
public final class UpstreamUrl {

    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Set by the HTTP client or by the protocol itself. */
    private static final Set<String> RESERVED = Set.of("host", "connection", "content-length", "content-type", "expect",
            "upgrade", "accept", "mcp-session-id", "transfer-encoding");

    private final URI uri;
    private final Map<String, String> headers;
    private final List<String> secrets;

    private UpstreamUrl(URI uri, Map<String, String> headers, List<String> secrets) {
        this.uri = uri;
        this.headers = headers;
        this.secrets = secrets;
    }

    /** The server's MCP endpoint, an http or https URL such as {@code http://127.0.0.1:3001/mcp}. */
    public static UpstreamUrl of(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--upstream-url is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("--upstream-url takes an http or https URL with a host, not '" + url + "'");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("--upstream-url must not hold a user or password: give a credential with "
                    + "--upstream-header NAME=env:VAR");
        }
        return new UpstreamUrl(uri, Map.of(), List.of());
    }

    /**
     * This server with one more header on every request, from {@code NAME=env:VAR} (the value of the gateway's own
     * variable VAR: the way to give a credential, never written on a command line) or {@code NAME=VALUE}.
     */
    public UpstreamUrl withHeader(String spec, Map<String, String> environment) {
        int eq = spec.indexOf('=');
        String name = eq < 0 ? spec : spec.substring(0, eq);
        String source = eq < 0 ? null : spec.substring(eq + 1);
        if (!HEADER.matcher(name).matches() || source == null || source.isEmpty()) {
            throw new IllegalArgumentException("--upstream-header takes NAME=env:VAR or NAME=VALUE, not '"
                    + (eq < 0 ? spec : name + "=…") + "'");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--upstream-header " + name + ": the gateway sets that header itself");
        }
        String value = source;
        List<String> moreSecrets = new ArrayList<>(secrets);
        if (source.startsWith("env:")) {
            String var = source.substring(4);
            if (!VAR.matcher(var).matches()) {
                throw new IllegalArgumentException("--upstream-header " + name + ": '" + var + "' is not a variable name");
            }
            value = environment.get(var);
            if (value == null) {
                throw new IllegalArgumentException("--upstream-header " + name + ": the variable " + var + " is not set");
            }
            moreSecrets.add(value);
            // "Bearer <token>": the token alone is what a server could echo
            int space = value.indexOf(' ');
            if (space > 0 && space < value.length() - 1) {
                moreSecrets.add(value.substring(space + 1));
            }
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("--upstream-header " + name + ": the value holds a line break");
        }
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new UpstreamUrl(uri, Map.copyOf(more), List.copyOf(moreSecrets));
    }

    public URI uri() {
        return uri;
    }

    /** The headers the gateway adds to every request. */
    Map<String, String> headers() {
        return headers;
    }

    /** Values given to the server only: a message that holds one has it replaced before the client sees it. */
    Collection<String> secrets() {
        return secrets;
    }

    @Override
    public String toString() {
        return uri + (headers.isEmpty() ? "" : " (with header " + String.join(", ", new java.util.TreeSet<>(headers.keySet()))
                + ")");
    }
}
