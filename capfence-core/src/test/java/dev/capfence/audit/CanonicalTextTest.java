package dev.capfence.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The direct canonical writer writes what Jackson plus the RFC 8785 canonicalizer write, or declines. */
class CanonicalTextTest {

    private static final String CHARS = "aZ09 _-/\\\"'\b\f\n\r\t\u0000\u0001\u001f\u007f\u0080éß€\u2028\u2029日本\ufeff\uffff";

    @Test
    void randomTreesAreWrittenAsTheCanonicalizerWritesThem() {
        Random random = new Random(8785);
        int direct = 0;
        for (int i = 0; i < 5000; i++) {
            Object tree = random.nextBoolean() ? value(random, 7, 0) : value(random, 8, 0); // a list or a map
            String expected = Canonical.ofJson(Canonical.Mapper.JSON.writeValueAsString(tree));
            String written = CanonicalText.of(tree);
            if (written != null) {
                direct++;
                assertThat(written).as("tree %s", tree).isEqualTo(expected);
            }
            assertThat(Canonical.of(tree)).isEqualTo(expected);
        }
        assertThat(direct).as("trees written directly").isGreaterThan(2500);
    }

    @Test
    void integersBeyondWhatADoubleHoldsExactlyAndOtherNumbersTakeTheLongWay() {
        long exact = 1L << 53;
        assertThat(CanonicalText.of(List.of(exact, -exact, 0, -1, Integer.MIN_VALUE))).isEqualTo(
                "[9007199254740992,-9007199254740992,0,-1,-2147483648]");
        for (Object n : List.of(exact + 1, -exact - 1, Long.MAX_VALUE, new BigDecimal("1.50"), 2.5d, 1e21)) {
            assertThat(CanonicalText.of(Map.of("n", n))).as("%s", n).isNull();
            assertThat(Canonical.of(Map.of("n", n))).isEqualTo(Canonical.ofJson(Canonical.Mapper.JSON.writeValueAsString(Map.of("n", n))));
        }
    }

    @Test
    void textWithSurrogatesTakesTheLongWay() {
        assertThat(CanonicalText.of(List.of("rocket \ud83d\ude80"))).isNull();
        assertThat(CanonicalText.of(Map.of("\ud800", 1))).isNull();
        assertThat(Canonical.of(List.of("rocket \ud83d\ude80"))).isEqualTo("[\"rocket \ud83d\ude80\"]");
    }

    @Test
    void aBareScalarIsLeftToTheCanonicalizerWhichRefusesIt() {
        assertThat(CanonicalText.of("text")).isNull();
        assertThat(CanonicalText.of(4)).isNull();
        assertThatThrownBy(() -> Canonical.of("text")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anActionDigestIsWhatItWasBeforeTheDirectWriter() {
        ActionEvent refund = ActionEventJson.parse("{\"id\":\"r-1\",\"actor\":\"support-agent\",\"tool\":\"refund\","
                + "\"capability\":\"payments.refund\",\"environment\":\"prod\",\"payload\":{\"amount\":5000,"
                + "\"merchant_id\":\"m_\\u00e9\\n\",\"items\":[1,{\"b\":true,\"a\":null}],\"fee\":1.25},"
                + "\"context\":{\"tenant\":\"t1\",\"session_id\":\"s\"},\"timestamp\":\"2026-01-02T03:04:05Z\"}");
        ActionEvent plain = ActionEventJson.parse("{\"actor\":\"a\",\"capability\":\"x.y\",\"payload\":{\"n\":-3}}");

        for (ActionEvent e : List.of(refund, plain)) {
            Map<String, Object> m = ActionEventJson.toMap(e);
            m.remove("id");
            m.remove("timestamp");
            assertThat(ActionDigest.of(e)).isEqualTo(Canonical.sha256Hex(Canonical.ofJson(Canonical.Mapper.JSON.writeValueAsString(m))));
        }
    }

    private static Object value(Random r, int depth) {
        return value(r, r.nextInt(depth > 3 ? 6 : 9), depth);
    }

    private static Object value(Random r, int kind, int depth) {
        switch (kind) {
            case 0:
                return null;
            case 1:
                return r.nextBoolean();
            case 2:
                return r.nextInt(20) - 10;
            case 3:
                return (r.nextBoolean() ? 1 : -1) * ((1L << 53) - 2 + r.nextInt(5)); // either side of 2^53
            case 4:
            case 5:
                return text(r);
            case 6:
                return r.nextInt(10) == 0 ? new BigDecimal(r.nextInt(1000)).movePointLeft(2) : r.nextLong();
            case 7: {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    list.add(value(r, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    map.put(text(r), value(r, depth + 1));
                }
                return map;
            }
        }
    }

    private static String text(Random r) {
        char[] c = new char[r.nextInt(6)];
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextInt(40) == 0 ? (char) (0xD800 + r.nextInt(0x800)) : CHARS.charAt(r.nextInt(CHARS.length()));
        }
        return new String(c);
    }

}
