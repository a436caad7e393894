package dev.capfence.semantics.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * getopt-style scan of a wrapper's own options, so that options taking a value ({@code sudo -u root}) consume
 * it and the first operand — the wrapped command — is found.
 */
final class Options {

    /** Index of the first operand (the word after {@code --} if that ended the options). */
    final int operand;
    private final Set<String> seen = new HashSet<>();
    private final Map<String, List<String>> values = new HashMap<>();

    private Options(int operand) {
        this.operand = operand;
    }

    /**
     * @param valueShorts    short options whose value is attached or the next word ({@code -u root}, {@code -uroot})
     * @param optionalShorts short options whose value can only be attached ({@code xargs -i{}})
     * @param valueLongs     long options whose value is the next word when not given as {@code --name=value}
     */
    static Options scan(List<Word> words, int from, String valueShorts, String optionalShorts, Set<String> valueLongs) {
        return scan(words, from, valueShorts, optionalShorts, valueLongs, Set.of());
    }

    /**
     * As {@link #scan(List, int, String, String, Set)}; an option named in {@code last} (a letter or a long name)
     * ends the options once its value is read: {@code env -S STRING} puts the string's words in its place, so
     * what follows is the split command's ({@code env -S rm -rf /} runs {@code rm -rf /}).
     */
    static Options scan(List<Word> words, int from, String valueShorts, String optionalShorts, Set<String> valueLongs,
                        Set<String> last) {
        Map<String, List<String>> values = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int i = from;
        while (i < words.size()) {
            String s = words.get(i).text();
            if (s.equals("--")) {
                i++;
                break;
            }
            if (s.startsWith("--")) {
                int eq = s.indexOf('=');
                String name = eq < 0 ? s.substring(2) : s.substring(2, eq);
                seen.add(name);
                if (eq >= 0) {
                    put(values, name, s.substring(eq + 1));
                } else if (valueLongs.contains(name) && i + 1 < words.size()) {
                    put(values, name, words.get(++i).text());
                }
                i++;
                if (last.contains(name)) {
                    break;
                }
                continue;
            }
            if (s.length() < 2 || s.charAt(0) != '-') {
                break;
            }
            boolean ends = false;
            for (int k = 1; k < s.length(); k++) {
                char c = s.charAt(k);
                String key = String.valueOf(c);
                seen.add(key);
                if (valueShorts.indexOf(c) >= 0) {
                    if (k + 1 < s.length()) {
                        put(values, key, s.substring(k + 1));
                    } else if (i + 1 < words.size()) {
                        put(values, key, words.get(++i).text());
                    }
                    ends = last.contains(key);
                    break;
                }
                if (optionalShorts.indexOf(c) >= 0) {
                    put(values, key, s.substring(k + 1));
                    break;
                }
            }
            i++;
            if (ends) {
                break;
            }
        }
        Options o = new Options(i);
        o.seen.addAll(seen);
        o.values.putAll(values);
        return o;
    }

    private static void put(Map<String, List<String>> values, String name, String value) {
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    boolean has(String... names) {
        for (String name : names) {
            if (seen.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** The value of the first of {@code names} that was given one (its last value if repeated), or null. */
    String value(String... names) {
        for (String name : names) {
            List<String> given = values.get(name);
            if (given != null) {
                return given.get(given.size() - 1);
            }
        }
        return null;
    }

    /** Every value given to {@code name}, in order ({@code ssh -o A=1 -o B=2}). */
    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }
}
