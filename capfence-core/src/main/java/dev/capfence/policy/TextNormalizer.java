package dev.capfence.policy;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The normalized view text conditions match on: Unicode NFKC (full-width letters become ASCII),
 * invisible format characters removed, whitespace runs collapsed to one space, and, for
 * {@link #fold}, case folded. So {@code rm  -rf}, {@code RM -RF} and {@code ｒｍ -rf} all read {@code rm -rf}.
 */
final class TextNormalizer {

    private TextNormalizer() {
    }

    /** NFKC, no format characters, whitespace collapsed, case folded. */
    static String fold(String s) {
        if (isPlainLowerAscii(s)) {
            return s;
        }
        String v = view(s);
        // upper then lower folds cases such as the German sharp s and the Greek final sigma
        return v.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** NFKC, no format characters, whitespace collapsed; case kept. */
    static String view(String s) {
        if (isPlainAscii(s)) {
            return s;
        }
        String n = isAscii(s) ? s : Normalizer.normalize(s, Normalizer.Form.NFKC);
        StringBuilder b = new StringBuilder(n.length());
        boolean space = false;
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.FORMAT) {
                continue; // zero-width joiners, soft hyphens, bidi marks: invisible, so never meaningful
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (!space) {
                    b.append(' ');
                    space = true;
                }
                continue;
            }
            space = false;
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** ASCII, printable or single spaces only: already in normalized form. */
    private static boolean isPlainAscii(String s) {
        char prev = 'x';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x7f || (c < 0x20) || (c == ' ' && prev == ' ')) {
                return false;
            }
            prev = c;
        }
        return true;
    }

    private static boolean isPlainLowerAscii(String s) {
        char prev = 'x';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x7f || c < 0x20 || (c >= 'A' && c <= 'Z') || (c == ' ' && prev == ' ')) {
                return false;
            }
            prev = c;
        }
        return true;
    }
}
