package dev.capfence.semantics.url;

import java.util.List;

/**
 * A list of {@link HostPattern}s asked as one question: does the host fall under any of them? The host is
 * normalized once for the whole list instead of once per pattern; the answer is the same as asking each.
 */
public final class HostPatterns {

    private final HostPattern[] patterns;

    private HostPatterns(List<HostPattern> patterns) {
        this.patterns = patterns.toArray(new HostPattern[0]);
    }

    public static HostPatterns of(List<HostPattern> patterns) {
        return new HostPatterns(patterns);
    }

    /** As {@link HostPattern#matches(String)} for each pattern in turn: null or invalid hosts match none. */
    public boolean matchesAny(String host) {
        if (host == null || patterns.length == 0) {
            return false;
        }
        Hosts.Host h = HostPattern.parse(host);
        for (HostPattern p : patterns) {
            if (p.matchesParsed(h)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return List.of(patterns).toString();
    }
}
