package dev.capfence.semantics.url;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link HostPatterns} answers exactly as asking each {@link HostPattern} in turn. */
class HostPatternsTest {

    private static final String[] PATTERNS = {"localhost", "127.0.0.0/8", "0.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12",
            "192.168.0.0/16", "169.254.0.0/16", "::1/128", "fc00::/7", "fe80::/10", "metadata.google.internal",
            "*.internal", "api.stripe.com", "*.stripe.com", "bücher.example", "127.0.0.1", "::1"};
    private static final String[] PIECES = {"a", "api", "stripe", "com", "internal", "google", "metadata", "localhost",
            ".", "..", "127", "0", "1", "10", "169", "254", "0x7f", "::", ":", "ffff", "fc00", "fe80", "[", "]", "%",
            "bücher", "xn--bcher-kva", "example", "A", "LOCALHOST", "-", "\u3002", "ß"};

    /** Hosts that fall under some pattern above, in the forms a URL may write them. */
    private static final String[] HOSTS = {"127.0.0.1", "0x7f.1", "127.1", "10.1.2.3", "172.20.0.1", "192.168.1.1",
            "169.254.169.254", "::1", "::ffff:7f00:1", "fd00::1", "fe80::1", "LOCALHOST", "localhost.",
            "metadata.google.internal", "a.b.internal", "API.Stripe.com", "x.stripe.com", "xn--bcher-kva.example"};

    @Test
    void answersAsThePatternsOneByOne() {
        Random random = new Random(20261207);
        int matched = 0;
        for (int round = 0; round < 300; round++) {
            List<HostPattern> patterns = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                patterns.add(HostPattern.compile(PATTERNS[random.nextInt(PATTERNS.length)]));
            }
            HostPatterns set = HostPatterns.of(patterns);
            for (int v = 0; v < 100; v++) {
                StringBuilder host = new StringBuilder();
                for (int n = 1 + random.nextInt(6); n > 0; n--) {
                    host.append(PIECES[random.nextInt(PIECES.length)]);
                    if (random.nextBoolean()) {
                        host.append(random.nextInt(4) == 0 ? ':' : '.');
                    }
                }
                String h = random.nextBoolean() ? HOSTS[random.nextInt(HOSTS.length)] : host.toString();
                boolean expected = patterns.stream().anyMatch(p -> p.matches(h));
                assertThat(set.matchesAny(h)).as("%s against %s", h, patterns).isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
        }
        assertThat(matched).as("the random cases exercise matches too").isGreaterThan(2_000);
        assertThat(HostPatterns.of(List.of(HostPattern.compile("*.internal"))).matchesAny(null)).isFalse();
    }
}
