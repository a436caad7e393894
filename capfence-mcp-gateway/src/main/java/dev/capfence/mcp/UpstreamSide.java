package dev.capfence.mcp;

import java.io.IOException;
import java.util.Map;

/**
 * The server end of one session: a child process spoken to over stdio, or a Streamable HTTP endpoint. It forwards
 * what the relay sends and hands every message the server sends, whole, to its {@link Listener}.
 */
interface UpstreamSide {

    /** Where the server's messages go. */
    interface Listener {
        /** One message from the server, as it came (one line: line ends outside strings are blanked). */
        void message(byte[] message);

        /** The server is gone (a child that exited); {@code why} says how. */
        void ended(String why);
    }

    /**
     * Sends one client message. {@code headers} are the client's {@code Mcp-*} HTTP headers (lower-case names),
     * empty for a stdio client; an HTTP upstream passes them on unchanged.
     */
    void send(byte[] message, Envelope envelope, Map<String, String> headers) throws IOException;

    /** The client ended the session: ask the server to end it too. Idempotent. */
    void close();
}
