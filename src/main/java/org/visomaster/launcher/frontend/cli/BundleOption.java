package org.visomaster.launcher.frontend.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.report.ReportBundle;
import org.visomaster.launcher.infra.util.Units;
import org.visomaster.launcher.infra.workspace.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** The value of {@code doctor --bundle [FILE]}: the archive to write, or none for the default name in output/. */
record BundleOption(Path file) {
    /** What picocli hands the converter for {@code --bundle} without a value. */
    static final String DEFAULT = "";
    private static final Logger LOG = LoggerFactory.getLogger(BundleOption.class);

    static final class Converter implements ITypeConverter<BundleOption> {
        @Override
        public BundleOption convert(String value) {
            if (value.isEmpty()) {
                return new BundleOption(null);
            }
            try {
                Path p = Path.of(value);
                if (!ReportBundle.isArchiveName(p)) {
                    throw new TypeConversionException("\"" + value + "\" is not a .tar.gz, .tgz or .zip file name");
                }
                return new BundleOption(p);
            } catch (InvalidPathException e) {
                throw new TypeConversionException("\"" + value + "\" is not a file name (" + e.getReason() + ")");
            }
        }
    }

    /** The archive's path; a usage error when something is there already or its folder does not exist. */
    Path target(Workspace ws, CommandLine cl) throws IOException {
        Path target = file == null ? ReportBundle.defaultFile(ws) : file.toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ParameterException(cl, target + " already exists, and the bug report never replaces a file:"
                    + " name another one or move that one away.");
        }
        if (file == null) {
            Files.createDirectories(target.getParent());
        } else if (!Files.isDirectory(target.getParent())) {
            throw new ParameterException(cl, "the folder " + target.getParent() + " does not exist: create it or"
                    + " name a file in another folder.");
        }
        return target;
    }

    /** Writes the bug report with the doctor's report in it; returns its path, or null after saying why not. */
    static String write(CliContext ctx, Path target, String text, String json) {
        try {
            ReportBundle.Written w = ReportBundle.write(ctx.workspace(), ctx.host().all(), target, List.of(
                    ReportBundle.Item.text("doctor.txt", text), ReportBundle.Item.text("doctor.json", json)));
            LOG.info("bug report written to {}: {} files, {} before compression{}", w.file(), w.entries(),
                    Units.bytes(w.bytes()), w.shortened().isEmpty() ? "" : "; shortened: " + w.shortened());
            return w.file().toString();
        } catch (FileAlreadyExistsException e) {
            LOG.info("bug report not written: {} appeared meanwhile", target, e);
            ctx.err().println(target + " appeared while the bug report was written; it is left as it is: run doctor"
                    + " --bundle again.");
        } catch (IOException e) {
            LOG.warn("bug report not written to {}", target, e);
            ctx.err().println("The bug report could not be written to " + target + " (" + e.getMessage() + "): free"
                    + " some space or name a file in another folder with --bundle FILE.");
        }
        return null;
    }
}
