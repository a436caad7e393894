package dev.capfence.semantics.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlParserTest {

    private static ParsedUrl parse(String raw) {
        return UrlParser.parse(raw);
    }

    private static String host(String raw) {
        ParsedUrl u = parse(raw);
        assertThat(u.unparseable()).as(raw + ": " + u.problem()).isFalse();
        return u.host();
    }

    private static void assertUnparseable(String raw) {
        ParsedUrl u = parse(raw);
        assertThat(u.unparseable()).as(raw + " -> " + u).isTrue();
        assertThat(u.host()).isNull();
        assertThat(u.problem()).isNotBlank();
    }

    @Test
    void aPlainUrl() {
        ParsedUrl u = parse("https://api.stripe.com/v1/charges?limit=3#top");
        assertThat(u).isEqualTo(new ParsedUrl("https", "api.stripe.com", 443, "/v1/charges", false, null, false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "HTTPS://API.STRIPE.COM.|api.stripe.com",
            "https://Api.Stripe.Com/x|api.stripe.com",
            "https://api.stripe.com@evil.test/|evil.test",
            "https://api.stripe.com:443@evil.test|evil.test",
            "https://user:pass@api.stripe.com/|api.stripe.com",
            "https://@api.stripe.com/|api.stripe.com",
            "https://evil.test#@api.stripe.com|evil.test",
            "https://evil.test?@api.stripe.com|evil.test",
            "https://evil.test/@api.stripe.com|evil.test",
            "https://api.stripe.com.evil.test/|api.stripe.com.evil.test",
            "https://ａｐｉ.ｓｔｒｉｐｅ.ｃｏｍ/|api.stripe.com",
            "https://api\u3002stripe\u3002com/|api.stripe.com",
            "https://\u0430pi.stripe.com/|xn--pi-6kc.stripe.com",
            "https://bücher.example.com/|xn--bcher-kva.example.com",
            "https://xn--bcher-kva.example.com/|xn--bcher-kva.example.com",
            "https://my_host.example.com/|my_host.example.com",
    })
    void hosts(String raw, String expected) {
        assertThat(host(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1/|127.0.0.1",
            "http://2130706433/|127.0.0.1",
            "http://0x7f.1/|127.0.0.1",
            "http://0x7F000001/|127.0.0.1",
            "http://0177.0.0.1/|127.0.0.1",
            "http://0177.1/|127.0.0.1",
            "http://127.1/|127.0.0.1",
            "http://127.0.1/|127.0.0.1",
            "http://127.0.0.1./|127.0.0.1",
            "http://0/|0.0.0.0",
            "http://0x/|0.0.0.0",
            "http://4294967295/|255.255.255.255",
            "http://169.254.169.254/|169.254.169.254",
            "http://0xa9fea9fe/|169.254.169.254",
            "http://00000000000000000000000177.1/|127.0.0.1",
    })
    void ipv4Forms(String raw, String expected) {
        ParsedUrl u = parse(raw);
        assertThat(u.host()).as(raw + " " + u.problem()).isEqualTo(expected);
        assertThat(u.hostIsIp()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://4294967296/", "http://256.0.0.1/", "http://1.2.3.4.5/", "http://08.0.0.1/",
            "http://0x1g.0.0.1/", "http://1..2/", "http://example.0x/", "http://99999999999999999999/",
            "http://1.2.3.256/", "http://1.16777216/"})
    void invalidIpv4IsUnparseable(String raw) {
        assertUnparseable(raw);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "http://[::1]/|::1",
            "http://[0:0:0:0:0:0:0:1]/|::1",
            "http://[::ffff:127.0.0.1]/|::ffff:7f00:1",
            "http://[::FFFF:7F00:1]/|::ffff:7f00:1",
            "http://[2001:DB8:0:0:1:0:0:1]/|2001:db8::1:0:0:1",
            "http://[2001:db8::]/|2001:db8::",
            "http://[1:0:1:0:1:0:1:0]/|1:0:1:0:1:0:1:0",
            "http://[::]/|::",
            "http://[fe80::1]:8080/|fe80::1",
    })
    void ipv6Literals(String raw, String expected) {
        ParsedUrl u = parse(raw);
        assertThat(u.host()).as(raw + " " + u.problem()).isEqualTo(expected);
        assertThat(u.hostIsIp()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[::1/", "http://[::1]x/", "http://[:1]/", "http://[1:2:3:4:5:6:7:8:9]/",
            "http://[::1::2]/", "http://[fe80::1%25eth0]/", "http://[::127.0.0.01]/", "http://[::1.2.3]/",
            "http://[12345::]/", "http://::1/", "http://a[b]c/"})
    void invalidIpv6IsUnparseable(String raw) {
        assertUnparseable(raw);
    }

    @Test
    void portsDefaultFromTheScheme() {
        assertThat(parse("https://a.test/").port()).isEqualTo(443);
        assertThat(parse("http://a.test/").port()).isEqualTo(80);
        assertThat(parse("ws://a.test/").port()).isEqualTo(80);
        assertThat(parse("wss://a.test/").port()).isEqualTo(443);
        assertThat(parse("ftp://a.test/").port()).isEqualTo(21);
        assertThat(parse("gopher://a.test/").port()).isEqualTo(70);
        assertThat(parse("foo://a.test/").port()).isEqualTo(-1);
        assertThat(parse("//a.test/").port()).isEqualTo(-1);
        assertThat(parse("https://a.test:8443/").port()).isEqualTo(8443);
        assertThat(parse("https://a.test:0443/").port()).isEqualTo(443);
        assertThat(parse("https://a.test:/").port()).isEqualTo(443);
        assertThat(parse("https://a.test:0/").port()).isEqualTo(0);
        assertThat(parse("https://a.test:65535/").port()).isEqualTo(65535);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://a.test:65536/", "https://a.test:-1/", "https://a.test:44 3/", "https://a.test:4x/",
            "https://a.test:443:443/", "https://a.test:99999999999/"})
    void badPortsAreUnparseable(String raw) {
        assertUnparseable(raw);
    }

    @Test
    void whitespaceAndControlsAtTheEndsAreStrippedTabsAndNewlinesRemoved() {
        assertThat(host("  \t https://api.stripe.com/ \n\u0000")).isEqualTo("api.stripe.com");
        assertThat(host("https://api.stri\tpe.com/")).isEqualTo("api.stripe.com");
        assertThat(host("https://api.stripe.com\n.evil.test/")).isEqualTo("api.stripe.com.evil.test");
        assertThat(host("ht\ntps://api.stripe.com/")).isEqualTo("api.stripe.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.test\\@api.stripe.com", // WHATWG: evil.test; RFC 3986: api.stripe.com
            "https://api.stripe.com\\@evil.test",
            "https:\\\\api.stripe.com\\",
            "https:/\\evil.test/",
            "https:evil.test",
            "https:/evil.test",
            "https:///api.stripe.com/",
            "https://a@api.stripe.com@evil.test",
            "https://api.stripe.com@@evil.test",
            "https://api.stripe.com evil.test/",
            "http://1.1.1.1 &@2.2.2.2# @3.3.3.3/",
            "https://api.stripe.com\u0000.evil.test/",
            "https://api%2estripe.com/",
            "https://%65vil.test/",
            "https://api.stripe.com..",
            "https://.api.stripe.com/",
            "https://api..stripe.com/",
            "https://*.example.com/",
            "https://api.stripe.com;evil.test/",
            "https://api.stripe.com＠evil.test/",
            "https://evil.test／api.stripe.com/",
            "https://straße.example.com/",
            "https://xn--zz.example.com/",
            "https:///",
            "https://",
            "https://@/",
    })
    void readersDisagreeOrNoHost(String raw) {
        assertUnparseable(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.stripe.com/v1", "api.stripe.com", "api.stripe.com:443/v1", "localhost:8080",
            "localhost:8080/admin", "/v1/charges", "", "   ", "\\\\evil.test\\x", "1https://x", "://x"})
    void noSchemeIsUnparseable(String raw) {
        assertUnparseable(raw);
    }

    @Test
    void nullIsUnparseable() {
        assertThat(parse(null).unparseable()).isTrue();
    }

    @Test
    void schemeRelativeKeepsTheHost() {
        ParsedUrl u = parse("//evil.test/x");
        assertThat(u.scheme()).isNull();
        assertThat(u.host()).isEqualTo("evil.test");
        assertThat(u.unparseable()).isFalse();
        assertThat(u.path()).isEqualTo("/x");
    }

    @Test
    void opaqueSchemesHaveNoHost() {
        ParsedUrl js = parse("JavaScript:alert(document.domain)//api.stripe.com");
        assertThat(js.scheme()).isEqualTo("javascript");
        assertThat(js.host()).isNull();
        assertThat(js.unparseable()).isFalse();
        assertThat(parse("mailto:a@api.stripe.com").host()).isNull();
        assertThat(parse("data:text/html,<script>alert(1)</script>").scheme()).isEqualTo("data");
        assertThat(parse("javascript://api.stripe.com/%0aalert(1)").host()).isEqualTo("api.stripe.com");
        assertThat(parse("gopher://api.stripe.com:70/_x").scheme()).isEqualTo("gopher");
    }

    @Test
    void fileUrls() {
        ParsedUrl u = parse("file:///etc/passwd");
        assertThat(u.scheme()).isEqualTo("file");
        assertThat(u.host()).isNull();
        assertThat(u.path()).isEqualTo("/etc/passwd");
        assertThat(parse("file://localhost/etc/passwd").host()).isNull();
        assertThat(parse("file://evil.test/share/x").host()).isEqualTo("evil.test");
        assertThat(parse("file:/etc/passwd").path()).isEqualTo("/etc/passwd");
        assertThat(parse("file:///C:/x").path()).isEqualTo("/C:/x");
        assertThat(parse("file://C:/x").path()).isEqualTo("/C:/x");
        assertThat(parse("file:\\\\evil.test\\share").unparseable()).isTrue();
        assertThat(parse("file://u@evil.test/").unparseable()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "https://a.test|/",
            "https://a.test/|/",
            "https://a.test/a/../b|/b",
            "https://a.test/a/./b/|/a/b/",
            "https://a.test/../../x|/x",
            "https://a.test/a/%2e%2E/b|/b",
            "https://a.test/a/.%2e|/",
            "https://a.test/a\\b|/a/b",
            "https://a.test/%2f/x|/%2f/x",
            "https://a.test/@evil.test|/@evil.test",
            "https://a.test?x=/y|/",
    })
    void paths(String raw, String expected) {
        assertThat(parse(raw).path()).isEqualTo(expected);
    }

    @Test
    void theRecordKeepsItsInvariants() {
        assertThatThrownBy(() -> new ParsedUrl("https", "a", 443, "/", true, null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParsedUrl("https", "a", 443, "/", true, "x", false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParsedUrl("https", "a", 70000, "/", false, null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
