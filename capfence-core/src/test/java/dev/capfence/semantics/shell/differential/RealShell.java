package dev.capfence.semantics.shell.differential;

/** A shell a command line really runs in. */
enum RealShell {
    BASH("/bin/bash"),
    DASH("/bin/dash");

    private final String binary;

    RealShell(String binary) {
        this.binary = binary;
    }

    String binary() {
        return binary;
    }

    /** The name the sandbox runner takes: the binary's file name. */
    String command() {
        return binary.substring(binary.lastIndexOf('/') + 1);
    }
}
