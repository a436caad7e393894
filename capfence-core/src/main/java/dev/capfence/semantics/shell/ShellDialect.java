package dev.capfence.semantics.shell;

import java.util.Locale;

/**
 * The shell that will run a command line. Where shells read the same text differently ({@code ((…))} is
 * arithmetic in bash and two nested subshells in dash; {@code &>} redirects both streams in bash and puts the
 * command in the background in dash), the parse follows the named shell.
 */
public enum ShellDialect {
    /** Any POSIX shell: the line is read as bash and as dash, and every command either would run counts. */
    POSIX,
    /** dash, Debian's {@code /bin/sh}: no brace expansion, no {@code [[}, {@code ((}, arrays, {@code &>}. */
    DASH,
    /** GNU bash. */
    BASH,
    /** zsh, read as bash; its own expansions ({@code =cmd}, glob qualifiers, {@code $~x}) are unparseable. */
    ZSH;

    /** {@code posix}, {@code dash}, {@code bash}, {@code zsh} (also {@code sh} for POSIX), or null. */
    public static ShellDialect named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "posix", "sh" -> POSIX;
            case "dash" -> DASH;
            case "bash" -> BASH;
            case "zsh" -> ZSH;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
