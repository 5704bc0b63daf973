package org.visomaster.launcher.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.visomaster.launcher.util.Sha256;

/** Builds a tiny pure-Python wheel (a real one pip installs with --no-index --find-links). */
public final class TinyWheel {
    private TinyWheel() {
    }

    /** Writes {@code <name>-<version>-py3-none-any.whl} into {@code dir}. */
    public static Path build(Path dir, String name, String version) throws IOException {
        Files.createDirectories(dir);
        String info = name + "-" + version + ".dist-info";
        Map<String, String> files = new LinkedHashMap<>();
        files.put(name + "/__init__.py", "VERSION = \"" + version + "\"\n");
        files.put(info + "/METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        files.put(info + "/WHEEL", "Wheel-Version: 1.0\nGenerator: visomaster-launcher-tests\n"
                + "Root-Is-Purelib: true\nTag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, String> f : files.entrySet()) {
            byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
            MessageDigest md = Sha256.newDigest();
            md.update(data);
            record.append(f.getKey()).append(",sha256=")
                    .append(Base64.getUrlEncoder().withoutPadding().encodeToString(md.digest()))
                    .append(',').append(data.length).append('\n');
        }
        record.append(info).append("/RECORD,,\n");
        files.put(info + "/RECORD", record.toString());
        Path wheel = dir.resolve(name + "-" + version + "-py3-none-any.whl");
        try (OutputStream out = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return wheel;
    }
}
