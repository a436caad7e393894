package dev.capfence.semantics.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HostPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "api.stripe.com|api.stripe.com|true",
            "api.stripe.com|API.Stripe.COM.|true",
            "API.STRIPE.COM.|api.stripe.com|true",
            "api.stripe.com|stripe.com|false",
            "api.stripe.com|a.api.stripe.com|false",
            "api.stripe.com|api.stripe.com.evil.test|false",
            "api.stripe.com|xn--pi-6kc.stripe.com|false",
            "*.stripe.com|a.stripe.com|true",
            "*.stripe.com|a.b.stripe.com|true",
            "*.stripe.com|stripe.com|false",
            "*.stripe.com|evilstripe.com|false",
            "*.stripe.com|stripe.com.evil.test|false",
            "*.stripe.com|a.stripe.com.evil.test|false",
            "*.stripe.com|.stripe.com|false",
            "*.STRIPE.com.|A.stripe.COM|true",
            "*.bücher.example|a.xn--bcher-kva.example|true",
            "bücher.example|xn--bcher-kva.example|true",
            "127.0.0.1|127.0.0.1|true",
            "127.0.0.1|0x7f.1|true",
            "127.0.0.1|::ffff:7f00:1|true",
            "127.0.0.1|127.0.0.2|false",
            "127.0.0.1|localhost|false",
            "10.0.0.0/8|10.255.1.2|true",
            "10.0.0.0/8|11.0.0.1|false",
            "10.0.0.0/8|::ffff:a00:1|true",
            "127.0.0.0/8|127.1|true",
            "127.0.0.0/8|2130706433|true",
            "127.0.0.0/8|128.0.0.1|false",
            "169.254.169.254/32|169.254.169.254|true",
            "169.254.169.254/32|169.254.169.253|false",
            "172.16.0.0/12|172.31.255.255|true",
            "172.16.0.0/12|172.32.0.0|false",
            "0.0.0.0/0|8.8.8.8|true",
            "0.0.0.0/0|::1|false",
            "::1/128|::1|true",
            "::1/128|[::1]|true",
            "::1/128|0:0:0:0:0:0:0:1|true",
            "::1/128|::2|false",
            "::1|::1|true",
            "[::1]|::1|true",
            "fc00::/7|fd12:3456::1|true",
            "fc00::/7|fc00::|true",
            "fc00::/7|fe00::1|false",
            "fe80::/10|fe80::1|true",
            "fe80::/10|fec0::1|false",
            "::ffff:0:0/96|10.1.2.3|true",
            "::/0|10.1.2.3|true",
            "10.0.0.0/8|10.example.com|false",
    })
    void patterns(String pattern, String host, boolean expected) {
        assertThat(HostPattern.compile(pattern).matches(host)).isEqualTo(expected);
    }

    @Test
    void hostsFromTheParserMatch() {
        HostPattern loopback = HostPattern.compile("127.0.0.0/8");
        for (String url : new String[] {"http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/", "http://127.1/",
                "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/"}) {
            assertThat(loopback.matches(UrlParser.parse(url).host())).as(url).isTrue();
        }
        assertThat(HostPattern.compile("::1").matches(UrlParser.parse("http://[0::1]/").host())).isTrue();
    }

    @Test
    void nothingMatchesNullOrGarbage() {
        HostPattern p = HostPattern.compile("*.example.com");
        assertThat(p.matches(null)).isFalse();
        assertThat(p.matches("")).isFalse();
        assertThat(p.matches("a%2eexample.com")).isFalse();
        assertThat(p.matches("a b.example.com")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "*", "*.", "a.*.com", "*stripe.com", "**.stripe.com", "*.127.0.0.1",
            "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "example.com/8", "a b.com", "a%2e.com", "[::1",
            "300.0.0.1", "straße.de"})
    void invalidPatternsAreRejected(String pattern) {
        assertThatThrownBy(() -> HostPattern.compile(pattern)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringIsTheSource() {
        assertThat(HostPattern.compile("*.Example.com")).hasToString("*.Example.com");
    }
}
