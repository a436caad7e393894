/**
 * Path semantics: what file an agent's proposed path names, read so that checks fail closed.
 *
 * <h2>Covered</h2>
 * {@link dev.capfence.semantics.path.PathCanonicalizer} turns a string into a
 * {@link dev.capfence.semantics.path.CanonicalPath} (root + segments + a {@code suspicious} flag):
 * <ul>
 *   <li>Roots: absolute, home ({@code ~}), relative; {@code ..} above an absolute root stays at {@code /},
 *       above a home or relative root it is kept and the path {@linkplain
 *       dev.capfence.semantics.path.CanonicalPath#escapes() escapes}. {@code withHome} and {@code withBase}
 *       make home and relative paths absolute.</li>
 *   <li>{@code .}, {@code ..}, repeated and trailing {@code /}; backslashes are separators (so
 *       {@code ..\..\etc} climbs); {@code C:\x} is absolute with a first segment {@code c:} (lower-cased),
 *       which {@code ..} cannot remove; {@code C:x} and {@code \\server\share} are flagged.</li>
 *   <li>Unicode NFKC first ({@code ／ｅｔｃ} is {@code /etc}, {@code ‥} is {@code ..}), flagged when it
 *       produced path syntax; invisible format characters (zero-width, bidi overrides) removed and flagged;
 *       slash look-alikes NFKC keeps (U+2215 ...) flagged.</li>
 *   <li>Flagged: NUL and other control characters (the path is not truncated at NUL, so
 *       {@code ok.txt\0/../../etc/passwd} reads as {@code /etc/passwd} as well as being flagged); leading or
 *       trailing whitespace (then stripped); the empty path; percent-encoded dots, separators, NUL or percent
 *       ({@code %2e%2e}, {@code %252e}, {@code %c0%ae}) — percent-encoding is otherwise <em>not</em> decoded,
 *       since a path is not a URL; names ending in a dot or space, names of only dots and spaces and NTFS
 *       streams ({@code .env.}, {@code ...}, {@code .env::$DATA}), which Windows reads as another name.</li>
 *   <li>{@code file:} URLs become paths (percent-decoded there, since they are URLs); {@code localhost} or an
 *       empty host is this machine, a remote host, a query or a fragment is flagged.</li>
 *   <li>{@code ~user/x}: flagged and read as {@code ~/../user/x} (a sibling home, which escapes {@code ~} and,
 *       with a home configured, lands outside it) — the root enum has no separate "other user" value.</li>
 *   <li>Optional symlink resolution against the real filesystem, including dangling links (a write through one
 *       creates its target) and {@code link/..}, where the kernel and a normalize-first tool disagree.</li>
 * </ul>
 * {@link dev.capfence.semantics.path.PathGlob} matches canonical paths with {@code **}, {@code *}, {@code ?}.
 *
 * <h2>Out of scope</h2>
 * <ul>
 *   <li>Races: the file system can change between this check and the agent's use of the path (TOCTOU), a
 *       symlink can be planted after resolution. Only sandboxing at the point of use (openat with
 *       RESOLVE_BENEATH, containers) closes that.</li>
 *   <li>Case-insensitive and normalizing filesystems: comparisons are case-sensitive unless the caller asks
 *       ({@code isWithin(prefix, true)}, {@link dev.capfence.semantics.path.PathGlob#ignoringCase()}); HFS+
 *       NFD forms and Windows 8.3 short names ({@code PROGRA~1}) are not mapped.</li>
 *   <li>Shell expansion ({@code $HOME}, {@code *}, command substitution) — a path here is a path, not a
 *       shell word; mount points, bind mounts, hard links, {@code /proc/self/root} and similar aliases.</li>
 *   <li>Symlink resolution walks POSIX paths of the machine running the check, with the gateway's
 *       permissions; a directory it cannot read is flagged, not resolved. Relative and home paths are resolved
 *       only once {@code withBase} / {@code withHome} make them absolute.</li>
 * </ul>
 * Callers must deny {@code suspicious} paths first: {@code isWithin} and {@code PathGlob} compare structure only.
 */
package dev.capfence.semantics.path;
