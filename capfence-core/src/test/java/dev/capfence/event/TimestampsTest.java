package dev.capfence.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast timestamp text is {@link Instant#toString()}'s, whatever the instant. */
class TimestampsTest {

    @Test
    void writesWhatInstantToStringWrites() {
        Random random = new Random(7);
        long min = Instant.MIN.getEpochSecond();
        long max = Instant.MAX.getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = switch (i % 4) {
                case 0 -> random.nextLong(-62_167_219_200L - 1_000, 253_402_300_800L + 1_000); // around 0000–9999
                case 1 -> random.nextLong(1_600_000_000L, 1_900_000_000L);                     // these years
                case 2 -> random.nextLong(min, max);                                            // anywhere
                default -> random.nextLong(-10_000, 10_000);                                    // around the epoch
            };
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);

            assertThat(Timestamps.iso(instant)).as("%s", instant).isEqualTo(instant.toString());
        }
    }

    @Test
    void theEdgesOfTheFourDigitYearsAndTheEpoch() {
        for (String text : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.000000001Z", "2024-02-29T12:00:00.100Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(Timestamps.iso(instant)).isEqualTo(instant.toString()).isEqualTo(text);
        }
        for (Instant outside : new Instant[] {Instant.MIN, Instant.MAX, Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z")}) {
            assertThat(Timestamps.iso(outside)).isEqualTo(outside.toString());
        }
    }
}
