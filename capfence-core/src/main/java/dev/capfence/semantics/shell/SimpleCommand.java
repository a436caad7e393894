package dev.capfence.semantics.shell;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One program the command line would start.
 *
 * @param program           basename of the program after quote removal ({@code /bin/../bin/rm}, {@code \rm},
 *                          {@code r''m} and {@code "rm"} are all {@code rm})
 * @param programAsWritten  the program word after quote removal, path included ({@code /tmp/git})
 * @param args              the words after the program, quotes removed, redirections left out; expansions
 *                          ({@code $HOME}, {@code $(date)}) are kept as written
 * @param flags             option letters and long option names without dashes: {@code -rf} gives {@code r} and
 *                          {@code f}, {@code --force=yes} gives {@code force}; parsing stops at {@code --}. For a
 *                          wrapper ({@code sudo}, {@code env}, {@code xargs}, a shell with {@code -c} …) only the
 *                          wrapper's own options count, not those of the command it runs
 * @param programIsPath     the program was written with a {@code /}
 * @param pipedFromPrevious the command sits (lexically) in a pipeline stage after the first, so its standard
 *                          input may be the output of an earlier stage
 */
public record SimpleCommand(String program, String programAsWritten, List<String> args, Set<String> flags,
                            boolean programIsPath, boolean pipedFromPrevious) {

    public SimpleCommand {
        program = Objects.requireNonNull(program, "program");
        programAsWritten = Objects.requireNonNull(programAsWritten, "programAsWritten");
        args = List.copyOf(args);
        flags = Collections.unmodifiableSet(new LinkedHashSet<>(flags));
    }
}
