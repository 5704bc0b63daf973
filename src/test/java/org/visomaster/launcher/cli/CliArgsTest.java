package org.visomaster.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CliArgsTest {
    private static final Set<String> VALUED = Set.of("--from", "--only", "--port");

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() throws Exception {
        CliArgs a = CliArgs.parse(new String[] {"--workspace", "/w", "provision", "--from", "models", "--json",
                "--profile=fusion", "--dry-run"}, VALUED);
        assertEquals("provision", a.command());
        assertEquals("/w", a.global("--workspace"));
        assertEquals("fusion", a.global("--profile"));
        assertTrue(a.globalFlag("--json"));
        assertEquals("models", a.options().get("--from"));
        assertTrue(a.options().containsKey("--dry-run"));
    }

    @Test
    void positionalArgumentsAndDoubleDash() throws Exception {
        CliArgs a = CliArgs.parse(new String[] {"import", "a.txt", "--", "--weird-name.onnx"}, VALUED);
        assertEquals(List.of("a.txt", "--weird-name.onnx"), a.positional());
    }

    @Test
    void missingOrUnexpectedValuesAreUsageErrors() {
        assertThrows(UsageException.class, () -> CliArgs.parse(new String[] {"provision", "--from"}, VALUED));
        assertThrows(UsageException.class, () -> CliArgs.parse(new String[] {"provision", "--dry-run=yes"}, VALUED));
    }
}
