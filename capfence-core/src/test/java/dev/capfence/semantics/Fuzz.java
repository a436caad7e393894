package dev.capfence.semantics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random and mutated inputs for the parsers' fuzz tests, and a printable form of what failed. */
public final class Fuzz {

    private Fuzz() {
    }

    /** Up to 40 pieces: mostly the given fragments, sometimes any character below U+3000. */
    public static String randomInput(Random random, String[] fragments) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(5) == 0) {
                b.append((char) random.nextInt(0x3000));
            } else {
                b.append(fragments[random.nextInt(fragments.length)]);
            }
        }
        return b.toString();
    }

    /** One random edit: insert a fragment, delete, replace, duplicate a prefix, change case or cut, rotate. */
    public static String mutate(String s, Random random, String[] fragments) {
        int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
        switch (random.nextInt(6)) {
            case 0:
                return s.substring(0, at) + fragments[random.nextInt(fragments.length)] + s.substring(at);
            case 1:
                return at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s;
            case 2:
                return at < s.length() ? s.substring(0, at) + (char) random.nextInt(0x10000) + s.substring(at + 1) : s;
            case 3:
                return s.substring(0, at) + s.substring(0, at) + s.substring(at);
            case 4:
                return random.nextBoolean() ? s.toUpperCase() : s.substring(0, at);
            default:
                return s.substring(at) + s.substring(0, at);
        }
    }

    /**
     * {@code count} mutants of the evasion and look-alike corpus lines under {@code corpusDir}
     * ({@code /semantics/path}): each a random corpus line with one to four {@link #mutate} edits.
     */
    public static List<String> mutatedCorpus(String corpusDir, Random random, String[] fragments, int count) {
        List<String> seeds = new ArrayList<>();
        CorpusFile.read(corpusDir + "/evasions.txt").forEach(l -> seeds.add(l.text()));
        CorpusFile.read(corpusDir + "/lookalikes.txt").forEach(l -> seeds.add(l.text()));
        List<String> mutants = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String s = seeds.get(random.nextInt(seeds.size()));
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                s = mutate(s, random, fragments);
            }
            mutants.add(s);
        }
        return mutants;
    }

    /** Control and non-ASCII characters as {@code \\uXXXX}, cut at 200 characters. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder();
        int limit = Math.min(s.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > limit ? b + "...(" + s.length() + " chars)" : b.toString();
    }
}
