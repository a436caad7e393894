package dev.capfence.replay;

import java.util.regex.Pattern;

/** A log filter's glob: {@code *} any run of characters, {@code ?} one; everything else literal. */
final class NameGlob {

    private final Pattern pattern;

    private NameGlob(String glob, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        this.pattern = Pattern.compile(regex.toString(), flags);
    }

    /** Identities (actors) match exactly, as policies match them. */
    static NameGlob exact(String glob) {
        return new NameGlob(glob, false);
    }

    /** Names an agent writes (capabilities) match ignoring case, as policies match them. */
    static NameGlob ignoringCase(String glob) {
        return new NameGlob(glob, true);
    }

    boolean matches(String s) {
        return s != null && pattern.matcher(s).matches();
    }

    /** Policy prefix semantics: {@code shell.exec} covers {@code shell.exec} and {@code shell.exec.production}. */
    boolean covers(String capability) {
        if (capability == null) {
            return false;
        }
        if (matches(capability)) {
            return true;
        }
        for (int dot = capability.lastIndexOf('.'); dot > 0; dot = capability.lastIndexOf('.', dot - 1)) {
            if (matches(capability.substring(0, dot))) {
                return true;
            }
        }
        return false;
    }
}
