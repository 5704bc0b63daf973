package org.visomaster.launcher.steps.stack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.visomaster.launcher.infra.workspace.PinOverride;

/**
 * The bundled stack table ({@code /stacks/stacks.json}, from assets/stacks): a new app version on a known stack needs
 * no new launcher, only a new stack does.
 */
public final class StackTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile StackTable bundled;
    private final List<StackEntry> entries;

    public StackTable(List<StackEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The launcher's own table. */
    public static StackTable bundled() {
        StackTable t = bundled;
        if (t == null) {
            try (InputStream in = StackTable.class.getResourceAsStream("/stacks/stacks.json")) {
                if (in == null) {
                    throw new IllegalStateException("the stack table /stacks/stacks.json is missing from the launcher");
                }
                t = new StackTable(JSON.readValue(in, File.class).stacks().stream().map(Row::entry).toList());
            } catch (IOException e) {
                throw new UncheckedIOException("the stack table cannot be read", e);
            }
            bundled = t;
        }
        return t;
    }

    public Optional<StackEntry> entry(String requirementsFile) {
        return entries.stream().filter(e -> e.requirementsFile().equals(requirementsFile)).findFirst();
    }

    public List<StackEntry> entries() {
        return entries;
    }

    /** The requirements file names the table knows. */
    public List<String> files() {
        return entries.stream().map(StackEntry::requirementsFile).toList();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record File(List<Row> stacks) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Row(String requirementsFile, String name, String cuda, String minDriver, String minCapability,
                       String maxCapability, String python, String torch, List<PinOverride> overrides,
                       List<String> sources) {
        StackEntry entry() {
            return new StackEntry(requirementsFile, name, cuda, minDriver, minCapability, maxCapability, python,
                    torch == null ? "" : torch, overrides == null ? List.of() : overrides,
                    sources == null ? List.of() : sources);
        }
    }
}
