package org.visomaster.launcher.frontend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.visomaster.launcher.testing.InProcessLauncher;
import org.visomaster.launcher.infra.util.Json;

/**
 * The command line as the README documents it: generated help per command, --version, global options before and
 * after the command, one-sentence usage errors with exit 2 that touch no workspace, the completion script, and
 * logs/launcher.log after every command that works on a workspace.
 */
class CommandLineTest {
    /** Each command and options its help must name. */
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "gui", List.of("--launch", "--no-maximize"),
            "provision", List.of("--from=STEP", "--only=STEP[,STEP...]", "--repair", "--dry-run"),
            "launch", List.of("--anyway", "--gpu=N"),
            "status", List.of(),
            "models", List.of("--verify"),
            "import", List.of("FILE..."),
            "doctor", List.of("--bundle[=FILE]"),
            "serve", List.of("--port=N"));

    @TempDir
    Path tmp;
    private InProcessLauncher.Run last;

    /** The workspace a command would use when none is named. */
    private Path defaultWorkspace() {
        return tmp.resolve("ws");
    }

    private int run(String... args) {
        last = InProcessLauncher.run(Map.of("HOME", tmp.toString(), "PATH", "/usr/bin:/bin", "VISO_WORKSPACE",
                defaultWorkspace().toString()), args);
        return last.code();
    }

    private String out() {
        return last.out();
    }

    private String err() {
        return last.err();
    }

    @Test
    void everyCommandHasItsOwnGeneratedHelpAndTouchesNoWorkspace() {
        for (Map.Entry<String, List<String>> c : OPTIONS.entrySet()) {
            assertEquals(0, run(c.getKey(), "--help"), c.getKey());
            String help = out();
            assertTrue(help.startsWith("Usage: visomaster-launcher " + c.getKey() + " "), help);
            for (String option : c.getValue()) {
                assertTrue(help.contains(option), c.getKey() + " names " + option + ":\n" + help);
            }
            for (String global : List.of("--workspace=DIR", "--profile=NAME", "--json", "--verbose")) {
                assertTrue(help.contains(global), c.getKey() + " takes the global " + global + ":\n" + help);
            }
            assertTrue(help.contains("Exit codes:"), help);
            assertEquals(0, run("help", c.getKey()));
            assertEquals(help, out(), "help " + c.getKey() + " is the same text");
            assertEquals(0, run(c.getKey(), "-h"));
            assertEquals(help, out());
        }
        assertEquals(0, run("provision", "--help"));
        assertTrue(out().replaceAll("\\s+", " ").contains("steps: preflight, source, python, requirements, models,"
                + " selftest, finish"), out());
        assertFalse(Files.exists(defaultWorkspace()), "help writes nothing, not even the log");
    }

    @Test
    void theTopLevelHelpListsTheCommandsAndTheExitCodes() {
        assertEquals(0, run("--help"));
        String help = out();
        assertTrue(help.startsWith("Usage: visomaster-launcher [-hV] [--json] [--launch]"), help);
        for (String c : OPTIONS.keySet()) {
            assertTrue(help.contains("\n  " + c + " "), c + " listed:\n" + help);
        }
        for (String code : List.of("0   done", "1   a step failed", "2   usage or configuration error",
                "3   the workspace is locked")) {
            assertTrue(help.contains(code), help);
        }
        assertFalse(help.contains("generate-completion"), "the completion generator is for the image's build");
        assertEquals(0, run("help"));
        assertEquals(help, out());
        assertFalse(Files.exists(defaultWorkspace()));
    }

    @Test
    void versionOnItsOwnAndOnEveryCommand() {
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"-V"},
                new String[] {"status", "--version"}, new String[] {"--workspace", "x", "doctor", "--version"})) {
            assertEquals(0, run(args), List.of(args).toString());
            assertTrue(out().matches("visomaster-launcher \\S+\\RJava 17\\S* .*\\R"), out());
        }
        assertFalse(Files.exists(defaultWorkspace()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            provison                            | visomaster-launcher: Unmatched argument at index 0: 'provison'
            provision --from download           | visomaster-launcher provision: Invalid value for option '--from': unknown step "download" (steps: preflight, source, python, requirements, models, selftest, finish)
            provision --only models,bogus       | visomaster-launcher provision: Invalid value for option '--only' (STEP): unknown step "bogus" (steps: preflight, source, python, requirements, models, selftest, finish)
            provision --from                    | visomaster-launcher provision: Missing required parameter for option '--from' (STEP)
            provision --only models --from source | visomaster-launcher provision: --from and --only cannot be used together: --only runs just the steps it names, --from a step and what comes after it; give one of them
            provision --dry-run=yes             | visomaster-launcher provision: Invalid value for option '--dry-run': 'yes' is not a boolean
            provision extra                     | visomaster-launcher provision: Unmatched argument at index 1: 'extra'
            serve --port http                   | visomaster-launcher serve: Invalid value for option '--port': "http" is not a port number: give one from 1 to 65535, or 0 for a free one
            serve --port 65536                  | visomaster-launcher serve: Invalid value for option '--port': "65536" is not a port number: give one from 1 to 65535, or 0 for a free one
            import                              | visomaster-launcher import: Missing required parameter: 'FILE'
            models --verify --bogus             | visomaster-launcher models: Unknown option: '--bogus'
            status --profile nope               | visomaster-launcher status: Invalid value for option '--profile': "nope" is not a profile (profiles: upstream, fusion)
            doctor --bundle report.rar          | visomaster-launcher doctor: Invalid value for option '--bundle': "report.rar" is not a .tar.gz, .tgz or .zip file name
            --workspace                         | visomaster-launcher: Missing required parameter for option '--workspace' (DIR)
            """)
    void aUsageErrorIsOneSentenceAndExitsTwoWithoutTouchingTheWorkspace(String args, String sentence) {
        assertEquals(2, run(args.split(" ")), err());
        List<String> lines = err().lines().toList();
        assertEquals(sentence, lines.get(0));
        assertTrue(lines.get(lines.size() - 1).matches("See 'visomaster-launcher( \\w+)? --help' for what it accepts\\."),
                err());
        assertEquals("", out());
        assertFalse(Files.exists(defaultWorkspace()), "a refused command line runs nothing and logs nothing");
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        assertEquals(2, run("docter"));
        assertTrue(err().contains("Did you mean: visomaster-launcher doctor"), err());
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommandAndTheLastOneWins() throws Exception {
        Path a = tmp.resolve("a");
        for (String[] args : List.of(new String[] {"--workspace", a.toString(), "--json", "status"},
                new String[] {"status", "--json", "--workspace", a.toString()},
                new String[] {"--json", "--workspace=" + tmp.resolve("b"), "status", "--workspace", a.toString()},
                new String[] {"--profile", "upstream", "status", "--profile=fusion", "--workspace", a.toString(),
                        "--json"})) {
            assertEquals(0, run(args), List.of(args) + ": " + err());
            JsonNode status = Json.MAPPER.readTree(out());
            assertEquals(a.toString(), status.get("workspace").asText(), List.of(args).toString());
            assertEquals("fusion", status.get("profile").asText());
        }
        assertEquals(0, run("status", "--profile", "upstream", "--json", "--workspace", a.toString()));
        assertEquals("upstream", Json.MAPPER.readTree(out()).get("profile").asText());
        assertFalse(Files.exists(tmp.resolve("b")), "the earlier --workspace was replaced, not used");
        assertFalse(Files.exists(defaultWorkspace()));
    }

    @Test
    void launcherLogExistsAfterEveryCommandThatWorksOnAWorkspace() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "a note\n");
        List<List<String>> commands = List.of(List.of("status"), List.of("models"), List.of("doctor"),
                List.of("import", file.toString()), List.of("doctor", "--bundle"));
        for (List<String> c : commands) {
            Path ws = tmp.resolve("ws-" + String.join("-", c).replace("--", ""));
            List<String> args = new java.util.ArrayList<>(List.of("--workspace", ws.toString()));
            args.addAll(c);
            int code = run(args.toArray(String[]::new));
            assertTrue(code == 0 || code == 1, c + " exited " + code + ": " + err());
            String log = Files.readString(ws.resolve("logs/launcher.log"));
            assertTrue(log.contains(" " + c.get(0) + "] ") && log.contains(c.get(0) + " started: pid "), c + ": "
                    + log);
        }
    }

    @Test
    void argumentsStartingWithAtAreFilesAndDoubleDashEndsTheOptions() throws Exception {
        Path file = Files.writeString(Files.createDirectories(tmp.resolve("in")).resolve("@notes.txt"), "at\n");
        String ws = tmp.resolve("w").toString();
        assertEquals(0, run("--workspace", ws, "import", file.toString()), err());
        assertEquals("at\n", Files.readString(tmp.resolve("w/uploads/@notes.txt")), "imported, not read as arguments");
        // after --, "--help" is a file name: there is no such file, so it is refused (exit 1), and no help is shown
        assertEquals(1, run("--workspace", ws, "import", "--", "--help"), out() + err());
        assertTrue(out().contains("refused --help"), out());
    }

    @Test
    void theCompletionScriptCompletesCommandsOptionsStepsAndProfilesInBash() throws Exception {
        assertEquals(0, run("generate-completion"));
        Path script = Files.writeString(tmp.resolve("visomaster-launcher.bash"), out());
        assertFalse(Files.exists(defaultWorkspace()), "generating the script needs no workspace");
        assertEquals(List.of("provision"), complete(script, "pro"));
        assertEquals(List.of("preflight", "source", "python", "requirements", "models", "selftest", "finish"),
                complete(script, "provision", "--from", ""));
        assertEquals(List.of("models"), complete(script, "provision", "--only", "mo"));
        assertEquals(List.of("--bundle"), complete(script, "doctor", "--b"));
        assertEquals(List.of("upstream", "fusion"), complete(script, "status", "--profile", ""));
        assertEquals(List.of("--launch"), complete(script, "--la"), "the default command's options");
    }

    /** What bash offers for the last word, with the script loaded as bash-completion would load it. */
    private List<String> complete(Path script, String... words) throws Exception {
        String line = "visomaster-launcher " + String.join(" ", words);
        StringBuilder array = new StringBuilder("visomaster-launcher");
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String program = "source '" + script + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" + words.length
                + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_visomaster-launcher;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "--norc", "-c", program).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String reply = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return reply.lines().filter(l -> !l.isEmpty()).toList();
    }
}
