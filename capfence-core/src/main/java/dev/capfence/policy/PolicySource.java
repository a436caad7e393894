package dev.capfence.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where policy text comes from: a file, a classpath resource or a string. Knows how to resolve an
 * {@code extends} location relative to itself.
 */
final class PolicySource {

    static final String CLASSPATH = "classpath:";
    static final String FILE = "file:";

    /** Shown in messages: the path as given, or {@code classpath:…}. */
    final String name;
    /** Identity for cycle detection and de-duplication. */
    final String key;
    /** Null when the source could not be read. */
    final byte[] bytes;
    final String readError;
    private final Path dir;
    private final String classpathDir;

    private PolicySource(String name, String key, byte[] bytes, String readError, Path dir, String classpathDir) {
        this.name = name;
        this.key = key;
        this.bytes = bytes;
        this.readError = readError;
        this.dir = dir;
        this.classpathDir = classpathDir;
    }

    static PolicySource file(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        try {
            return new PolicySource(path.toString(), abs.toString(), Files.readAllBytes(path), null, abs.getParent(), null);
        } catch (IOException e) {
            return new PolicySource(path.toString(), abs.toString(), null, "cannot read policy: " + describe(e), abs.getParent(), null);
        }
    }

    static PolicySource text(String name, String yaml) {
        return new PolicySource(name, "text:" + name, yaml.getBytes(StandardCharsets.UTF_8), null,
                Path.of("").toAbsolutePath(), null);
    }

    static PolicySource classpath(String resource) {
        String res = normalize(resource);
        String name = CLASSPATH + res;
        int slash = res.lastIndexOf('/');
        String parent = slash < 0 ? "" : res.substring(0, slash + 1);
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = PolicySource.class.getClassLoader();
        }
        try (InputStream in = cl.getResourceAsStream(res)) {
            if (in == null) {
                return new PolicySource(name, name, null, "not found on the classpath: " + name, null, parent);
            }
            return new PolicySource(name, name, in.readAllBytes(), null, null, parent);
        } catch (IOException e) {
            return new PolicySource(name, name, null, "cannot read " + name + ": " + describe(e), null, parent);
        }
    }

    /** Resolves a location written in a policy (or given by a user) against {@code base} (may be null). */
    static PolicySource locate(String location, PolicySource base) {
        if (location.startsWith(CLASSPATH)) {
            return classpath(location.substring(CLASSPATH.length()));
        }
        if (location.startsWith(FILE)) {
            return file(Path.of(location.substring(FILE.length())));
        }
        if (base != null && base.classpathDir != null) {
            return classpath(base.classpathDir + location);
        }
        Path p = Path.of(location);
        if (!p.isAbsolute() && base != null && base.dir != null) {
            p = base.dir.resolve(p).normalize();
        }
        return file(p);
    }

    /** Resolves {@code .} and {@code ..} in a resource name: class loaders do not. */
    private static String normalize(String resource) {
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        for (String seg : resource.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(seg);
            }
        }
        return String.join("/", out);
    }

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        if (type.equals("NoSuchFileException")) {
            return "no such file";
        }
        return e.getMessage() == null ? type : e.getMessage();
    }
}
