package dev.capfence.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical path canonicalization and containment: {@code /srv/app/../etc} is {@code /srv/etc}, and
 * {@code /srv/appx} is not inside {@code /srv/app}. Absolute, home ({@code ~}) and relative paths are three
 * separate roots; a relative path that climbs out with {@code ..} is inside no relative prefix.
 */
final class PathNames {

    enum Root { ABSOLUTE, HOME, RELATIVE }

    /** A canonical path: its root and its segments. */
    record Canonical(Root root, List<String> segments) {

        boolean escapes() {
            return !segments.isEmpty() && segments.get(0).equals("..");
        }

        boolean isWithin(Canonical prefix) {
            if (root != prefix.root || escapes() || segments.size() < prefix.segments.size()) {
                return false;
            }
            return segments.subList(0, prefix.segments.size()).equals(prefix.segments);
        }

        @Override
        public String toString() {
            String body = String.join("/", segments);
            switch (root) {
                case ABSOLUTE: return "/" + body;
                case HOME: return body.isEmpty() ? "~" : "~/" + body;
                default: return body.isEmpty() ? "." : body;
            }
        }
    }

    private PathNames() {
    }

    static Canonical canonical(String raw) {
        String s = raw.replace('\\', '/');
        Root root;
        String rest;
        if (s.startsWith("/")) {
            root = Root.ABSOLUTE;
            rest = s;
        } else if (s.equals("~") || s.startsWith("~/")) {
            root = Root.HOME;
            rest = s.substring(1);
        } else {
            root = Root.RELATIVE;
            rest = s;
        }
        List<String> out = new ArrayList<>();
        for (String seg : rest.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                } else if (root != Root.ABSOLUTE) {
                    out.add(".."); // climbs above the starting directory or home: kept, so it escapes
                }
                // above / stays at /
                continue;
            }
            out.add(seg);
        }
        return new Canonical(root, List.copyOf(out));
    }
}
