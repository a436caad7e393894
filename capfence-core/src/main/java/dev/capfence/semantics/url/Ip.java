package dev.capfence.semantics.url;

/**
 * IP literal parsing and printing as the WHATWG URL standard does it. IPv4 accepts the forms inet_aton,
 * curl and browsers accept: 1 to 4 parts, each decimal, octal ({@code 0177}) or hex ({@code 0x7f}), the
 * last part filling the remaining bytes ({@code 127.1}, {@code 2130706433}). Addresses are 16 bytes, IPv4
 * as IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}), so one comparison covers both families.
 */
final class Ip {

    private Ip() {
    }

    /** WHATWG "ends in a number": the last label (ignoring one trailing dot) is all digits or a 0x number. */
    static boolean endsInNumber(String host) {
        int end = host.endsWith(".") ? host.length() - 1 : host.length();
        int start = host.lastIndexOf('.', end - 1) + 1;
        if (end <= start) {
            return false;
        }
        String last = host.substring(start, end);
        boolean digits = last.chars().allMatch(c -> c >= '0' && c <= '9');
        return digits || number(last) >= 0;
    }

    /** The IPv4 address as an unsigned 32-bit value, or -1. */
    static long parseV4(String host) {
        String s = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            return -1;
        }
        long[] nums = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            nums[i] = number(parts[i]);
            if (nums[i] < 0) {
                return -1;
            }
            if (i < parts.length - 1 && nums[i] > 255) {
                return -1;
            }
        }
        long last = nums[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            return -1;
        }
        long v = last;
        for (int i = 0; i < parts.length - 1; i++) {
            v += nums[i] << (8 * (3 - i));
        }
        return v;
    }

    /** One IPv4 part: 0x hex, 0-led octal or decimal; -1 if invalid or at least 2^32. */
    private static long number(String part) {
        if (part.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && part.charAt(0) == '0' && (part.charAt(1) == 'x' || part.charAt(1) == 'X')) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        int i = 0;
        while (i < digits.length() && digits.charAt(i) == '0') {
            i++; // leading zeros never overflow
        }
        digits = digits.substring(i);
        if (digits.length() > 11) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < digits.length(); k++) {
            int d = Character.digit(digits.charAt(k), radix);
            if (d < 0 || digits.charAt(k) >= 0x80) {
                return -1;
            }
            v = v * radix + d;
        }
        return v > 0xFFFFFFFFL ? -1 : v;
    }

    static String formatV4(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    static byte[] mapped(long v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        b[12] = (byte) (v4 >> 24);
        b[13] = (byte) (v4 >> 16);
        b[14] = (byte) (v4 >> 8);
        b[15] = (byte) v4;
        return b;
    }

    /** WHATWG IPv6 parser (no zone ids): eight 16-bit pieces, or null. */
    static int[] parseV6(String s) {
        int[] address = new int[8];
        int piece = 0;
        int compress = -1;
        int p = 0;
        int n = s.length();
        if (p < n && s.charAt(p) == ':') {
            if (p + 1 >= n || s.charAt(p + 1) != ':') {
                return null;
            }
            p += 2;
            piece++;
            compress = piece;
        }
        while (p < n) {
            if (piece == 8) {
                return null;
            }
            if (s.charAt(p) == ':') {
                if (compress != -1) {
                    return null;
                }
                p++;
                piece++;
                compress = piece;
                continue;
            }
            int value = 0;
            int length = 0;
            while (length < 4 && p < n && hex(s.charAt(p)) >= 0) {
                value = value * 16 + hex(s.charAt(p));
                p++;
                length++;
            }
            if (p < n && s.charAt(p) == '.') {
                // embedded IPv4 in the last 32 bits: strict dotted decimal
                if (length == 0 || piece > 6) {
                    return null;
                }
                p -= length;
                int seen = 0;
                while (p < n) {
                    int v4 = -1;
                    if (seen > 0) {
                        if (s.charAt(p) == '.' && seen < 4) {
                            p++;
                        } else {
                            return null;
                        }
                    }
                    if (p >= n || s.charAt(p) < '0' || s.charAt(p) > '9') {
                        return null;
                    }
                    while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                        int d = s.charAt(p) - '0';
                        if (v4 == -1) {
                            v4 = d;
                        } else if (v4 == 0) {
                            return null; // leading zero
                        } else {
                            v4 = v4 * 10 + d;
                        }
                        if (v4 > 255) {
                            return null;
                        }
                        p++;
                    }
                    address[piece] = address[piece] * 0x100 + v4;
                    seen++;
                    if (seen == 2 || seen == 4) {
                        piece++;
                    }
                }
                if (seen != 4) {
                    return null;
                }
                break;
            } else if (p < n && s.charAt(p) == ':') {
                p++;
                if (p >= n) {
                    return null;
                }
            } else if (p < n) {
                return null;
            }
            address[piece] = value;
            piece++;
        }
        if (compress != -1) {
            int swaps = piece - compress;
            piece = 7;
            while (piece != 0 && swaps > 0) {
                int tmp = address[piece];
                address[piece] = address[compress + swaps - 1];
                address[compress + swaps - 1] = tmp;
                piece--;
                swaps--;
            }
        } else if (piece != 8) {
            return null;
        }
        return address;
    }

    /** WHATWG serialization: lower-case hex, the first longest run of two or more zero pieces as {@code ::}. */
    static String formatV6(int[] a) {
        int best = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (a[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && a[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == best) {
                b.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            b.append(Integer.toHexString(a[i]));
            if (i != 7) {
                b.append(':');
            }
        }
        return b.toString();
    }

    static byte[] bytes(int[] pieces) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (pieces[i] >> 8);
            b[2 * i + 1] = (byte) pieces[i];
        }
        return b;
    }

    private static int hex(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
