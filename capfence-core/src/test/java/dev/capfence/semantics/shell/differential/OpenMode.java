package dev.capfence.semantics.shell.differential;

/** How a file was opened, from the open flags. */
enum OpenMode {
    READ,
    WRITE_TRUNCATE,
    WRITE_APPEND,
    WRITE,
    READ_WRITE;

    /** Mode of an open(2)/openat(2) flags text such as {@code O_WRONLY|O_CREAT|O_TRUNC}. */
    static OpenMode ofFlags(String flags) {
        boolean append = hasFlag(flags, "O_APPEND");
        if (hasFlag(flags, "O_RDWR")) {
            return append ? WRITE_APPEND : READ_WRITE;
        }
        if (hasFlag(flags, "O_WRONLY")) {
            if (append) {
                return WRITE_APPEND;
            }
            return hasFlag(flags, "O_TRUNC") ? WRITE_TRUNCATE : WRITE;
        }
        return READ;
    }

    private static boolean hasFlag(String flags, String flag) {
        for (String part : flags.split("\\|")) {
            if (part.trim().equals(flag)) {
                return true;
            }
        }
        return false;
    }
}
