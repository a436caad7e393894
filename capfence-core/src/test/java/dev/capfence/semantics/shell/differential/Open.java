package dev.capfence.semantics.shell.differential;

/**
 * A successful open of a file outside system directories.
 *
 * @param path  absolute path inside the sandbox (the workspace is /srv/ws), as the kernel resolved it
 * @param mode  from the open flags
 * @param image index into the observation's execs of the program image that opened it, or -1 for the
 *              line's own shell or a fork of it that has not exec'd: a redirection, {@code .} or {@code source}
 */
record Open(String path, OpenMode mode, int image) {}
