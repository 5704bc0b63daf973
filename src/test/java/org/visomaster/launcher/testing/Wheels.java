package org.visomaster.launcher.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.visomaster.launcher.infra.util.Sha256;

/** Builds tiny pure-Python wheels by hand (a wheel is a zip with METADATA, WHEEL and RECORD) for pip to install. */
public final class Wheels {
    private Wheels() {
    }

    /** Writes {@code <name>-<version>-py3-none-any.whl} into {@code dir}; its module holds its version. */
    public static Path build(Path dir, String name, String version) throws IOException {
        return build(dir, name, version, Map.of(name + "/__init__.py", "VERSION = \"" + version + "\"\n"));
    }

    /** Writes {@code <name>-<version>-py3-none-any.whl} holding these files (path in the wheel → text). */
    public static Path build(Path dir, String name, String version, Map<String, String> modules) throws IOException {
        String dist = name + "-" + version + ".dist-info";
        Map<String, String> files = new LinkedHashMap<>(modules);
        files.put(dist + "/METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n"
                + "Summary: test fixture\n");
        files.put(dist + "/WHEEL", "Wheel-Version: 1.0\nGenerator: visomaster-launcher-tests\nRoot-Is-Purelib: true\n"
                + "Tag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        files.forEach((path, text) -> {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            java.security.MessageDigest d = Sha256.newDigest();
            d.update(b);
            String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(d.digest());
            record.append(path).append(",sha256=").append(hash).append(',').append(b.length).append('\n');
        });
        record.append(dist).append("/RECORD,,\n");
        files.put(dist + "/RECORD", record.toString());
        Files.createDirectories(dir);
        Path wheel = dir.resolve(name + "-" + version + "-py3-none-any.whl");
        try (OutputStream out = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return wheel;
    }
}
