package org.visomaster.launcher.frontend.upload;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the raw last segment of an upload URL into a safe file name, or says why it cannot. A name is one plain
 * file name: percent-decoded UTF-8, 1 to 255 bytes, no path separator, no control character, and it must not start
 * with a dot (that rules out "." and "..", hidden files, and our own ".incoming" folder).
 */
final class UploadNames {
    static final int MAX_BYTES = 255;

    private UploadNames() {
    }

    /** Either {@code name} or {@code error} is set. */
    public record Checked(String name, String error) {
        public boolean ok() {
            return name != null;
        }
    }

    public static Checked check(String rawSegment) {
        String name;
        try {
            name = percentDecode(rawSegment);
        } catch (IllegalArgumentException e) {
            return new Checked(null, "The file name is not valid percent-encoded UTF-8; rename the file and try again.");
        }
        if (name.isEmpty()) {
            return new Checked(null, "The file has no name; give it a name and try again.");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return new Checked(null, "\"" + printable(name) + "\" contains a path separator; upload a single file "
                    + "with a plain name (no folders).");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return new Checked(null, "The file name contains a control character; rename the file and try again.");
            }
        }
        if (name.startsWith(".")) {
            return new Checked(null, "\"" + printable(name) + "\" starts with a dot (a hidden file or a folder "
                    + "reference); rename it without the leading dot and try again.");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return new Checked(null, "The file name is longer than " + MAX_BYTES + " bytes; shorten it and try again.");
        }
        return new Checked(name, null);
    }

    /**
     * Percent-decodes a raw URL path segment as strict UTF-8. '+' stays '+' (that rule is for query strings).
     * Other characters stand for themselves: Jetty reads the request line as UTF-8, so a client that sends
     * unencoded UTF-8 (curl does) arrives as those characters.
     */
    public static String percentDecode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else if (c == '\uFFFD' || Character.isSurrogate(c) && !Character.isSurrogatePair(c,
                    i + 1 < raw.length() ? raw.charAt(i + 1) : 0)) {
                throw new IllegalArgumentException("not UTF-8"); // what a decoder makes of broken bytes
            } else {
                int cp = raw.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters (for URLs and RFC 5987 filename*). */
    public static String percentEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    private static String printable(String name) {
        String s = name.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 80 ? s.substring(0, 77) + "…" : s;
    }
}
