package dev.capfence.semantics.shell.differential;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One successful execve, in time order.
 *
 * @param path      the program path as passed to execve
 * @param argv      the argument vector, argv[0] included
 * @param addedEnv  environment entries beyond the sandbox base environment, in the order the program
 *                  received them: neither the base variables (PATH, HOME, LANG, TERM, even when changed)
 *                  nor the shell's own PWD, OLDPWD, SHLVL and _, as the reference shell-oracle tool
 * @param startedBy index into the observation's execs of the image that performed this exec (the parent
 *                  image for a forked process, the previous image for an exec in the same process), or -1
 *                  when the line's own shell (or a fork of it that has not exec'd) did
 */
record Exec(String path, List<String> argv, Map<String, String> addedEnv, int startedBy) {
    Exec {
        argv = List.copyOf(argv);
        addedEnv = Collections.unmodifiableMap(new LinkedHashMap<>(addedEnv));
    }
}
