package dev.capfence.semantics.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * zsh reads most command lines as bash does, but some of its own expansions run code or name programs where
 * bash sees plain text: {@code =ls} (a path lookup), glob qualifiers {@code *(e:'cmd':)} (run a command per
 * file), {@code $~x} / {@code $=x} (globbing or splitting a value). A line that uses any of them is not read.
 */
final class ZshForms {

    private ZshForms() {
    }

    static ShellScript check(String line, ShellScript bashReading) {
        if (line == null) {
            return bashReading;
        }
        List<String> problems = new ArrayList<>(bashReading.problems());
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            char prev = i > 0 ? line.charAt(i - 1) : ' ';
            char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
            if (single) {
                single = c != '\'';
                continue;
            }
            if (c == '\\') {
                i++;
                continue;
            }
            if (c == '\'' && !dbl) {
                single = true;
            } else if (c == '"') {
                dbl = !dbl;
            } else if (c == '$' && (next == '~' || next == '=' || (next == '{' && i + 2 < line.length()
                    && "~=^".indexOf(line.charAt(i + 2)) >= 0))) {
                problems.add("zsh expansion flag $" + next);
            } else if (!dbl && c == '=' && " \t;&|(".indexOf(prev) >= 0 && next != 0 && next != ' ') {
                problems.add("zsh =command expansion");
            } else if (!dbl && c == '(' && "*?])".indexOf(prev) >= 0) {
                problems.add("zsh glob qualifier or pattern group");
            }
        }
        if (problems.size() == bashReading.problems().size()) {
            return bashReading;
        }
        return new ShellScript(bashReading.commands(), true, problems, bashReading.redirects(),
                bashReading.assignments());
    }
}
