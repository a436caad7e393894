package dev.capfence.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tool definitions pinned by digest, in a file: SHA-256 of the RFC 8785 canonical JSON of a tool's name,
 * description and input schema. A tool is pinned the first time it is listed; a later listing with another
 * definition (a server that changes what a tool says or takes after it was trusted) makes its calls refused
 * until the pin is updated with {@link #update}. A tool whose definition was not listed in the session cannot be
 * checked, so its calls are refused too.
 */
public final class ToolPins {

    private final Path file;
    private final Map<String, String> pinned;
    /** What the server listed in this session, by tool name. */
    private final Map<String, String> listed = new HashMap<>();

    private ToolPins(Path file, Map<String, String> pinned) {
        this.file = file;
        this.pinned = pinned;
    }

    /** The pins in this file; a file that does not exist yet is empty and is created at the first listing. */
    public static ToolPins open(Path file) {
        return new ToolPins(file, Files.exists(file) ? read(file) : new TreeMap<>());
    }

    /** Whether a listed tool's definition matches its pin; a tool never pinned is pinned now. */
    enum Status { PINNED, NEWLY_PINNED, CHANGED }

    synchronized Status observe(String name, String digest) {
        listed.put(name, digest);
        String pin = pinned.get(name);
        if (pin == null) {
            pinned.put(name, digest);
            try {
                write(file, pinned);
            } catch (UncheckedIOException e) { // not pinned, so not callable: never a call that no pin vouches for
                pinned.remove(name);
                listed.remove(name);
                throw e;
            }
            return Status.NEWLY_PINNED;
        }
        return pin.equals(digest) ? Status.PINNED : Status.CHANGED;
    }

    /** Why a call to this tool is refused, or null when its listed definition matches its pin. */
    synchronized String refusal(String name) {
        String digest = listed.get(name);
        if (digest == null) {
            return "tool_definition_unverified: the server has not listed " + name
                    + " in this session, so its definition cannot be checked against its pin (list the tools first)";
        }
        if (!digest.equals(pinned.get(name))) {
            return "tool_definition_changed: the definition of " + name + " differs from its pin in " + file
                    + "; if the change is expected, update the pins with 'capfence mcp-pins update --pins " + file
                    + " -- COMMAND' (or --upstream-url URL)";
        }
        return null;
    }

    /** The digest of a tool definition as listed by {@code tools/list}. */
    static String digest(JsonNode tool) {
        ObjectNode pinnedPart = Json.MAPPER.createObjectNode();
        for (String key : List.of("name", "description", "inputSchema")) {
            if (tool.has(key)) {
                pinnedPart.set(key, tool.get(key));
            }
        }
        try {
            byte[] canonical = new JsonCanonicalizer(Json.MAPPER.writeValueAsString(pinnedPart)).getEncodedUTF8();
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@link #update} changed. */
    public record Update(int added, int changed, int removed, int total) {
    }

    /**
     * Lists the tools of this server and writes their digests as the new pins, replacing the file's: the operator's
     * way of accepting changed definitions.
     */
    public static Update update(Path file, UpstreamCommand server) throws IOException {
        return update(file, ToolListing.list(server));
    }

    /** As {@link #update(Path, UpstreamCommand)}, for a server at a URL. */
    public static Update update(Path file, UpstreamUrl server) throws IOException {
        return update(file, ToolListing.list(server));
    }

    private static Update update(Path file, List<JsonNode> listed) {
        Map<String, String> old = Files.exists(file) ? read(file) : Map.of();
        Map<String, String> fresh = new TreeMap<>();
        for (JsonNode tool : listed) {
            fresh.put(tool.path("name").asString(), digest(tool));
        }
        int added = 0;
        int changed = 0;
        for (Map.Entry<String, String> e : fresh.entrySet()) {
            String before = old.get(e.getKey());
            if (before == null) {
                added++;
            } else if (!before.equals(e.getValue())) {
                changed++;
            }
        }
        int removed = (int) old.keySet().stream().filter(k -> !fresh.containsKey(k)).count();
        write(file, fresh);
        return new Update(added, changed, removed, fresh.size());
    }

    private static Map<String, String> read(Path file) {
        try {
            JsonNode root = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            JsonNode tools = root.path("tools");
            if (!root.path("version").isNumber() || !tools.isObject()) {
                throw new IllegalArgumentException("not a CapFence pins file (version, tools): " + file);
            }
            Map<String, String> pins = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : tools.properties()) {
                if (!e.getValue().isString()) {
                    throw new IllegalArgumentException("pin of " + e.getKey() + " in " + file + " is not a string");
                }
                pins.put(e.getKey(), e.getValue().asString());
            }
            return pins;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pins file " + file + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the pins file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Written to a temporary file and moved over the old one, so a crash never leaves half a pins file. */
    private static void write(Path file, Map<String, String> pins) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", 1);
        ObjectNode tools = root.putObject("tools");
        new TreeMap<>(pins).forEach(tools::put);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, root.toPrettyString() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pins file " + file + ": " + e.getMessage(), e);
        }
    }
}
