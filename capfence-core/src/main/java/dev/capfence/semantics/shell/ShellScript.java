package dev.capfence.semantics.shell;

import java.util.List;

/**
 * What a command line would run.
 *
 * @param commands    every simple command, in source order, flattened across lists, pipelines, compound
 *                    commands, command substitutions, {@code sh -c} strings, {@code eval}, {@code find -exec},
 *                    {@code xargs} and wrappers such as {@code sudo} (the wrapper and the wrapped command are
 *                    both listed, wrapper first)
 * @param unparseable the parser could not tell safely what the line runs; {@link #problems()} says why.
 *                    {@link #commands()} still holds what could be resolved
 * @param problems    human-readable reasons, empty when {@code unparseable} is false
 * @param redirects   every redirection the line performs, also those on compound commands
 *                    ({@code { …; } > f}, {@code done < f}) and on commands with no program ({@code > f})
 * @param assignments every variable assignment in the line, wherever it is written
 */
public record ShellScript(List<SimpleCommand> commands, boolean unparseable, List<String> problems,
                          List<Redirection> redirects, List<Assignment> assignments) {

    public ShellScript {
        commands = List.copyOf(commands);
        problems = List.copyOf(problems);
        redirects = List.copyOf(redirects);
        assignments = List.copyOf(assignments);
    }

    /**
     * Some argument or redirection target is built at run time ({@code $X}, {@code $(…)}, a glob): what the line
     * does cannot be fully told, so no allow rule covers it.
     */
    public boolean hasRunTimeValues() {
        for (SimpleCommand command : commands) {
            if (command.hasUnknownArgs()) {
                return true;
            }
        }
        for (Redirection r : redirects) {
            if (r.mode().opensFile() && !r.targetKnown()) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a pipeline stage after the first runs a shell interpreter ({@code curl x | sh},
     * {@code | sudo bash}, {@code | env sh}, {@code | xargs sh}, {@code | busybox sh}, {@code | source /dev/stdin}),
     * i.e. when data from an earlier stage may be executed as a script.
     */
    public boolean pipesToShell() {
        for (SimpleCommand command : commands) {
            if (command.pipedFromPrevious() && Programs.readsScripts(command.program())) {
                return true;
            }
        }
        return false;
    }
}
