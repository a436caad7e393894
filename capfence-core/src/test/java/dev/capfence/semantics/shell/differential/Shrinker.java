package dev.capfence.semantics.shell.differential;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing line to a small one that still fails: repeatedly drops a run of whitespace-separated
 * tokens (halves first, then smaller runs down to single tokens) and keeps the first shorter line whose real
 * run still fails the same check. Candidates of one round run in the sandbox as one batch.
 */
final class Shrinker {

    private static final int MAX_ROUNDS = 12;

    private Shrinker() {
    }

    static Observation shrink(SandboxOracle oracle, Observation failing, Predicate<Observation> fails)
            throws IOException {
        Observation best = failing;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<String> candidates = candidates(best.line());
            if (candidates.isEmpty()) {
                break;
            }
            Observation smaller = null;
            for (Observation o : oracle.run(candidates, List.of(best.shell()))) {
                if (fails.test(o)) {
                    smaller = o;
                    break;
                }
            }
            if (smaller == null) {
                break;
            }
            best = smaller;
        }
        return best;
    }

    private static List<String> candidates(String line) {
        String[] tokens = line.split(" ");
        List<String> out = new ArrayList<>();
        for (int size = Math.max(1, tokens.length / 2); size >= 1 && out.size() < 40; size = size == 1 ? 0 : size / 2) {
            for (int from = 0; from + size <= tokens.length && out.size() < 40; from += size) {
                StringBuilder b = new StringBuilder();
                for (int k = 0; k < tokens.length; k++) {
                    if (k < from || k >= from + size) {
                        b.append(b.length() == 0 ? "" : " ").append(tokens[k]);
                    }
                }
                String candidate = b.toString();
                if (!candidate.isBlank() && !out.contains(candidate)) {
                    out.add(candidate);
                }
            }
        }
        return out;
    }
}
