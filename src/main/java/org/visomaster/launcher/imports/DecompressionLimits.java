package org.visomaster.launcher.imports;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.tukaani.xz.MemoryLimitException;

/**
 * Bounds on what reading an archive may cost, whatever its headers claim: xz's dictionary (a 168-byte .tar.xz may
 * ask for 1.5 GiB, which xz allocates before the first byte comes out) and the length of a symlink's target (a zip
 * stores it as the entry's content, which may inflate to any size), the length of a tar's PAX and long-name headers
 * (commons-compress holds each in memory) and the number of entries.
 */
final class DecompressionLimits {
    /** xz's own default preset needs 9 MiB to decompress and its largest (-9e) 65 MiB; 256 MiB leaves room. */
    static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;
    /** Linux's PATH_MAX: no symlink target can be longer. */
    static final int MAX_LINK_TARGET_BYTES = 4096;

    /** All headers in front of one tar entry; a 4 KiB path and a few KiB of extended attributes fit many times. */
    static final int MAX_TAR_HEADER_BYTES = 1 << 20;
    /**
     * Entries in one archive: a CUDA or cuDNN tarball holds a few thousand, a whole site-packages tree with torch
     * about 20,000; far more is a folder of tiny files meant to exhaust inodes.
     */
    static final int MAX_ENTRIES = 50_000;

    private DecompressionLimits() {
    }

    static InputStream xz(InputStream compressed, boolean concatenated) throws IOException {
        return XZCompressorInputStream.builder().setInputStream(compressed).setDecompressConcatenated(concatenated)
                .setMemoryLimitKiB(XZ_MEMORY_LIMIT_KIB).get();
    }

    /** Whether reading stopped at {@link TarHeaderLimit}, however commons-compress wrapped it. */
    static boolean headerTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TarHeaderLimit.TooLarge) {
                return true;
            }
        }
        return false;
    }

    /** Why reading failed, as the parenthesis of a refusal: the memory xz asked for, else the exception's text. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MemoryLimitException m) {
                return "its xz data asks for " + m.getMemoryNeeded() / 1024 + " MiB of memory to unpack, more than"
                        + " the " + XZ_MEMORY_LIMIT_KIB / 1024 + " MiB the launcher allows";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
