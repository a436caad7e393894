package dev.capfence.semantics.shell;

/**
 * A redirection the shell performs: which file it opens and how.
 *
 * @param operator    as written, without a file-descriptor number: {@code >}, {@code >>}, {@code <}, {@code &>} …
 * @param mode        what the shell does with the target
 * @param target      the target word after quote removal (a here-document's delimiter, a here-string's text)
 * @param targetKnown false when the target is built at run time (an expansion, a glob, a substitution): what
 *                    file it names cannot be told
 */
public record Redirection(String operator, Mode mode, String target, boolean targetKnown) {

    /** What a redirection does with its target. */
    public enum Mode {
        /** {@code <}: opens the file for reading. */
        READ,
        /** {@code >}, {@code >|}, {@code &>}, {@code >&file}: creates or truncates the file. */
        WRITE,
        /** {@code >>}, {@code &>>}: creates or appends to the file. */
        APPEND,
        /** {@code <>}: opens (creating) the file for reading and writing. */
        READ_WRITE,
        /** {@code >&2}, {@code <&0}, {@code >&-}: copies or closes a descriptor; no file. */
        DUPLICATE,
        /** {@code <<}, {@code <<-}, {@code <<<}: text from the command line; no file. */
        HERE_TEXT;

        /** The mode creates, truncates or changes a file. */
        public boolean writes() {
            return this == WRITE || this == APPEND || this == READ_WRITE;
        }

        /** The mode opens a file at all. */
        public boolean opensFile() {
            return this != DUPLICATE && this != HERE_TEXT;
        }
    }

    static Mode modeOf(String operator, String target, boolean targetKnown) {
        return switch (operator) {
            case "<" -> Mode.READ;
            case ">>", "&>>" -> Mode.APPEND;
            case "<>" -> Mode.READ_WRITE;
            case "<<", "<<-", "<<<" -> Mode.HERE_TEXT;
            // >&2 and <&0 copy a descriptor; bash reads >&word (and <&word) with any other word as a file
            case ">&", "<&" -> targetKnown && isDescriptor(target) ? Mode.DUPLICATE
                    : operator.equals("<&") ? Mode.READ : Mode.WRITE;
            default -> Mode.WRITE; // > >| &>
        };
    }

    private static boolean isDescriptor(String target) {
        if (target.equals("-")) {
            return true;
        }
        String digits = target.endsWith("-") ? target.substring(0, target.length() - 1) : target; // >&3- moves
        if (digits.isEmpty()) {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
