package dev.capfence.cli;

import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import dev.capfence.event.EventLimits;
import dev.capfence.event.InvalidEventException;
import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyException;
import dev.capfence.policy.PolicyProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reading what the commands are given: policies, event documents and JSONL streams. */
final class Inputs {

    /** Standing for stdin in {@code --event} and {@code --events}. */
    static final String STDIN = "-";

    private Inputs() {
    }

    /** The compiled policy; a {@link CliFailure} listing every problem as FILE:LINE:COLUMN when it does not load. */
    static Policy policy(Path file) {
        try {
            return Policy.load(file);
        } catch (PolicyException e) {
            List<String> lines = new ArrayList<>();
            for (PolicyProblem p : e.problems()) {
                lines.add(p.toString());
            }
            lines.add("capfence: policy " + file + " cannot be used (" + count(e.problems().size(), "problem")
                    + "); nothing was evaluated");
            throw new CliFailure(lines);
        }
    }

    /** All bytes of a file, or of stdin for {@code -}; a {@link CliFailure} when it cannot be read. */
    static byte[] bytes(String location, InputStream stdin, String what) {
        try {
            if (STDIN.equals(location)) {
                return stdin.readAllBytes();
            }
            return Files.readAllBytes(Path.of(location));
        } catch (IOException | RuntimeException e) {
            throw new CliFailure("capfence: cannot read " + what + " " + location + ": " + describe(e));
        }
    }

    /**
     * A file to stream from; a {@link CliFailure} when it cannot be opened, so a command fails before it has
     * printed or recorded anything.
     */
    static InputStream open(String location, String what) {
        try {
            Path path = Path.of(location);
            if (Files.isDirectory(path)) {
                throw new IOException("Is a directory"); // opening one succeeds; its first read would fail
            }
            return Files.newInputStream(path);
        } catch (IOException | RuntimeException e) {
            throw new CliFailure("capfence: cannot read " + what + " " + location + ": " + describe(e));
        }
    }

    /** Parses one event document within the default limits; see {@link #event(byte[], long, EventLimits)}. */
    static ActionEvent event(byte[] doc) {
        return event(doc, doc.length, EventLimits.DEFAULTS);
    }

    /**
     * Parses one event document; every way it can be unreadable becomes an {@link InvalidEventException}, and a
     * document over the limits a {@link dev.capfence.event.PayloadTooLargeException} — its {@code size} (the bytes
     * read, of which {@code doc} may hold only the first) is checked before anything is decoded.
     */
    static ActionEvent event(byte[] doc, long size, EventLimits limits) {
        limits.checkBytes(size);
        try {
            return ActionEventJson.parse(withoutByteOrderMark(doc), limits);
        } catch (InvalidEventException e) {
            throw e;
        } catch (RuntimeException e) {
            // Fail closed on anything else the parser throws: the event is denied, not skipped.
            throw new InvalidEventException(null, "event cannot be read: " + e.getMessage());
        }
    }

    /** A file written by an editor may start with the UTF-8 byte-order mark, which is not part of the JSON. */
    private static byte[] withoutByteOrderMark(byte[] doc) {
        return doc.length >= 3 && doc[0] == (byte) 0xEF && doc[1] == (byte) 0xBB && doc[2] == (byte) 0xBF
                ? Arrays.copyOfRange(doc, 3, doc.length) : doc;
    }

    /**
     * Reads a stream line by line as raw bytes, so each line is decoded (and judged) on its own. A line longer than
     * {@code keep} bytes is read to its end but only its first {@code keep + 1} bytes are kept: enough to judge it
     * too large, never the whole of an endless line in memory.
     */
    static final class Lines {
        private final InputStream in;
        private final long keep;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private int number;
        private long size;
        private boolean done;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int lim;

        Lines(InputStream in) {
            this(in, Long.MAX_VALUE - 1);
        }

        Lines(InputStream in, long keep) {
            this.in = in;
            this.keep = keep;
        }

        /** The full length of the line last returned, kept bytes or not (its terminator not counted). */
        long size() {
            return size;
        }

        /** The next line without its terminator ({@code \n} or {@code \r\n}), or null at the end. */
        byte[] next() throws IOException {
            if (done) {
                return null;
            }
            line.reset();
            size = 0;
            byte last = 0; // the line's last byte so far: a '\r' before the '\n' is not part of it
            boolean ended = false;
            while (!ended) {
                if (pos == lim && !fill()) {
                    done = true;
                    if (line.size() == 0) {
                        return null;
                    }
                    break;
                }
                int end = pos;
                while (end < lim && buf[end] != '\n') {
                    end++;
                }
                int n = end - pos;
                if (end < lim && size == 0 && n <= keep) { // the usual line: whole in the block, copied once
                    byte[] bytes = Arrays.copyOfRange(buf, pos, n > 0 && buf[end - 1] == '\r' ? end - 1 : end);
                    size = bytes.length;
                    pos = end + 1;
                    number++;
                    return bytes;
                }
                long room = keep + 1 - size; // the first keep + 1 bytes are kept, the rest only counted
                if (room > 0) {
                    line.write(buf, pos, (int) Math.min(n, room));
                }
                size += n;
                if (n > 0) {
                    last = buf[end - 1];
                }
                ended = end < lim;
                pos = ended ? end + 1 : end;
            }
            number++;
            byte[] bytes = line.toByteArray();
            if (last == '\r') {
                size--;
                if (bytes.length > size) { // the '\r' is among the bytes kept
                    return Arrays.copyOf(bytes, (int) size);
                }
            }
            return bytes;
        }

        // Reads a block: scanning bytes in memory, not one read() call per byte.
        private boolean fill() throws IOException {
            int read = in.read(buf, 0, buf.length);
            pos = 0;
            lim = Math.max(read, 0);
            return read > 0;
        }

        /** Whether reading the next line would wait for input: what was read so far has been handed out. */
        boolean wouldWait() throws IOException {
            return pos == lim && in.available() == 0;
        }

        /** The 1-based number of the line last returned. */
        int number() {
            return number;
        }
    }

    static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason(); // its message repeats the path, which the caller already names
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
