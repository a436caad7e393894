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
 * @param longFlags         the subset of {@code flags} written with two dashes; GNU programs accept any
 *                          unambiguous prefix of a long option ({@code --recurs}), so these may be abbreviations
 * @param optionValues      values written attached to an option: {@code --output=/tmp/x} gives {@code /tmp/x};
 *                          {@code -o/tmp/x} gives every tail after the first letter ({@code /tmp/x}), since
 *                          which letter takes a value depends on the program
 * @param unknownArgs       indexes into {@code args} of words built at run time (expansions, command
 *                          substitutions, globs, process substitutions): what they become cannot be told
 * @param subcommand        index into {@code args} of the first operand (the subcommand of {@code git},
 *                          {@code kubectl}, {@code docker} …, skipping the program's global options and their
 *                          values), or -1
 * @param assignments       variables set for this command ({@code LD_PRELOAD=x ls}, {@code env GIT_DIR=x git})
 * @param redirects         this command's redirections
 */
public record SimpleCommand(String program, String programAsWritten, List<String> args, Set<String> flags,
                            boolean programIsPath, boolean pipedFromPrevious, Set<String> longFlags,
                            List<String> optionValues, Set<Integer> unknownArgs, int subcommand,
                            List<Assignment> assignments, List<Redirection> redirects) {

    public SimpleCommand {
        program = Objects.requireNonNull(program, "program");
        programAsWritten = Objects.requireNonNull(programAsWritten, "programAsWritten");
        // most commands have no options, run-time words, assignments or redirections: share the empty ones
        args = List.copyOf(args);
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(flags));
        longFlags = longFlags.isEmpty() ? Set.of() : Set.copyOf(longFlags);
        optionValues = optionValues.isEmpty() ? List.of() : List.copyOf(optionValues);
        unknownArgs = unknownArgs.isEmpty() ? Set.of() : Set.copyOf(unknownArgs);
        assignments = assignments.isEmpty() ? List.of() : List.copyOf(assignments);
        redirects = redirects.isEmpty() ? List.of() : List.copyOf(redirects);
    }

    /** Some argument is built at run time. */
    public boolean hasUnknownArgs() {
        return !unknownArgs.isEmpty();
    }

    /** The subcommand word ({@code status} in {@code git -C x status}), or null when there is none. */
    public String subcommandWord() {
        return subcommand < 0 ? null : args.get(subcommand);
    }
}
