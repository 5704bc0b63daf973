package org.visomaster.launcher.steps.requirements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.visomaster.launcher.steps.requirements.RequirementsRewriter.Applied;
import org.visomaster.launcher.steps.requirements.RequirementsRewriter.Result;
import org.visomaster.launcher.infra.workspace.PinOverride;

class RequirementsRewriterTest {
    static final Path SRC = Path.of("/ws/VisoMaster/requirements_cu124.txt");
    /** The quirks of upstream's requirements_cu124.txt (DESIGN.md §5), with Windows line endings. */
    static final String UPSTREAM = String.join("\r\n",
            "--extra-index-url https://download.pytorch.org/whl/cu124",
            "",
            "# core",
            "numpy==1.26.4",
            "onnxruntime-gpu==1.20.0",
            "torch==2.4.1+cu124",
            "torchvision==0.19.1+cu124",
            "tensorrt==10.6.0 --extra-index-url https://pypi.nvidia.com",
            "PySide6==6.8.2.1 ",
            "pyqt-toast-notification==1.3.2",
            "") ;
    static final PinOverride ORT = new PinOverride("onnxruntime-gpu", "onnxruntime-gpu==1.22.0", "issue 64");

    private static Result rewrite(String text, List<PinOverride> overrides, List<String> indexes) throws IOException {
        return RequirementsRewriter.rewrite(text, SRC, f -> {
            throw new NoSuchFileException(f.toString());
        }, overrides, indexes);
    }

    private static List<String> body(Result r) {
        List<String> lines = Arrays.asList(r.text().split("\n", -1));
        assertEquals("", lines.get(lines.size() - 1), "ends with one newline");
        return lines.subList(2, lines.size() - 1); // after the two header comment lines
    }

    @Test
    void upstreamFileWithTheOnnxruntimeOverride() throws IOException {
        Result r = rewrite(UPSTREAM, List.of(ORT), List.of());

        assertEquals(List.of(
                "--extra-index-url https://download.pytorch.org/whl/cu124",
                "",
                "# core",
                "numpy==1.26.4",
                "onnxruntime-gpu==1.22.0",
                "torch==2.4.1+cu124",
                "torchvision==0.19.1+cu124",
                "tensorrt==10.6.0 --extra-index-url https://pypi.nvidia.com",
                "PySide6==6.8.2.1",
                "pyqt-toast-notification==1.3.2"), body(r));
        assertFalse(r.text().contains("\r"));
        assertEquals(List.of(new Applied("onnxruntime-gpu", "onnxruntime-gpu==1.20.0", "onnxruntime-gpu==1.22.0",
                "issue 64")), r.applied());
        assertTrue(r.notes().isEmpty(), r.notes().toString());
    }

    @Test
    void trailingSpaceIsNotPartOfTheRequirement() throws IOException {
        Result r = rewrite(UPSTREAM, List.of(new PinOverride("pyside6", "PySide6==6.8.3", "")), List.of());
        assertTrue(body(r).contains("PySide6==6.8.3"));
        assertEquals("PySide6==6.8.2.1", r.applied().get(0).from());
    }

    @Test
    void overriddenLineKeepsItsOwnIndexOption() throws IOException {
        Result r = rewrite(UPSTREAM, List.of(new PinOverride("TensorRT", "tensorrt==10.7.0", "newer")), List.of());
        assertTrue(body(r).contains("tensorrt==10.7.0 --extra-index-url https://pypi.nvidia.com"), r.text());
        assertEquals("tensorrt==10.6.0", r.applied().get(0).from());
    }

    @Test
    void localVersionsCanBeOverriddenAndKept() throws IOException {
        Result r = rewrite(UPSTREAM, List.of(new PinOverride("torch", "torch==2.5.1+cu124", "")), List.of());
        assertTrue(body(r).contains("torch==2.5.1+cu124"));
        assertTrue(body(r).contains("torchvision==0.19.1+cu124"), "a name that only starts the same is not touched");
    }

    @Test
    void namesCompareAsPep503() throws IOException {
        String text = "Zope.Interface==5.0\nonnxruntime_GPU==1.20.0\nfoo-bar==1\n";
        Result r = rewrite(text, List.of(new PinOverride("zope-interface", "zope.interface==6.0", ""),
                new PinOverride("ONNXRUNTIME.gpu", "onnxruntime-gpu==1.22.0", ""),
                new PinOverride("foo__bar", "foo-bar==2", "")), List.of());
        assertEquals(List.of("zope.interface==6.0", "onnxruntime-gpu==1.22.0", "foo-bar==2"), body(r));
        assertEquals(3, r.applied().size());
    }

    @Test
    void markersAndExtrasAreKeptUnlessTheOverrideSaysOtherwise() throws IOException {
        String text = "pywin32==306; sys_platform == \"win32\"\n"
                + "uvicorn[standard]==0.20 ; python_version >= \"3.8\"\n"
                + "numpy==1.26.4\n";
        Result r = rewrite(text, List.of(new PinOverride("pywin32", "pywin32==307", ""),
                new PinOverride("uvicorn", "uvicorn==0.30", ""),
                new PinOverride("numpy", "numpy==2.0; python_version >= \"3.10\"", "")), List.of());
        assertEquals(List.of("pywin32==307 ; sys_platform == \"win32\"",
                "uvicorn[standard]==0.30 ; python_version >= \"3.8\"",
                "numpy==2.0; python_version >= \"3.10\""), body(r));
    }

    @Test
    void commentsStayAndUrlFragmentsAreNotComments() throws IOException {
        String text = "# full line comment\n"
                + "numpy==1.26.4   # pinned for torch\n"
                + "git+https://github.com/x/y.git#egg=numpy\n"
                + "   \n";
        Result r = rewrite(text, List.of(new PinOverride("numpy", "numpy==1.26.5", "")), List.of());
        assertEquals(List.of("# full line comment", "numpy==1.26.5  # pinned for torch",
                "git+https://github.com/x/y.git#egg=numpy", ""), body(r));
        assertEquals(1, r.applied().size());
    }

    @Test
    void hashesOfTheOldVersionAreDroppedOnlyFromOverriddenLines() throws IOException {
        String text = "numpy==1.26.4 \\\n    --hash=sha256:aaa \\\n    --hash sha256:bbb\nsix==1.16.0 --hash=sha256:ccc\n";
        Result r = rewrite(text, List.of(new PinOverride("numpy", "numpy==1.26.5", "")), List.of());
        assertEquals(List.of("numpy==1.26.5", "six==1.16.0 --hash=sha256:ccc"), body(r));
    }

    @Test
    void extraIndexUrlsAreAddedOnceAsGlobalLines() throws IOException {
        Result r = rewrite(UPSTREAM, List.of(), List.of("https://download.pytorch.org/whl/cu124/",
                "https://pypi.nvidia.com", "https://example.org/simple"));
        List<String> lines = body(r);
        // already global in the file: not repeated; only on tensorrt's own line (where pip ignores it): added
        assertEquals("--extra-index-url https://pypi.nvidia.com", lines.get(0));
        assertEquals("--extra-index-url https://example.org/simple", lines.get(1));
        assertEquals("--extra-index-url https://download.pytorch.org/whl/cu124", lines.get(2));
        assertEquals(1, r.text().split("download.pytorch.org", -1).length - 1);
    }

    @Test
    void globalOptionLinesPassThroughAndRelativePathsBecomeAbsolute() throws IOException {
        String text = "-i https://mirror.example/simple\n"
                + "--index-url=https://mirror2.example/simple\n"
                + "-f ./wheels\n"
                + "--find-links https://example.org/links\n"
                + "-c constraints.txt\n"
                + "--prefer-binary\n"
                + "-e .\n";
        Result r = rewrite(text, List.of(), List.of("https://mirror.example/simple/"));
        assertEquals(List.of("-i https://mirror.example/simple",
                "--index-url=https://mirror2.example/simple",
                "-f /ws/VisoMaster/wheels",
                "--find-links https://example.org/links",
                "-c /ws/VisoMaster/constraints.txt",
                "--prefer-binary",
                "-e ."), body(r));
    }

    @Test
    void includesAreInlinedRelativeToTheIncludingFileAndOverridden() throws IOException {
        Map<Path, String> files = Map.of(
                Path.of("/ws/VisoMaster/base.txt"), "onnxruntime-gpu==1.20.0\r\n-r sub/more.txt\r\n",
                Path.of("/ws/VisoMaster/sub/more.txt"), "-r ../leaf.txt\nsix==1.16.0\n",
                Path.of("/ws/VisoMaster/leaf.txt"), "leafpkg==1\n");
        Result r = RequirementsRewriter.rewrite("numpy==1.26.4\n-r base.txt\n--requirement=leaf.txt\n", SRC,
                f -> {
                    String t = files.get(f);
                    if (t == null) {
                        throw new NoSuchFileException(f.toString());
                    }
                    return t;
                }, List.of(ORT), List.of());
        List<String> reqs = body(r).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(List.of("numpy==1.26.4", "onnxruntime-gpu==1.22.0", "leafpkg==1", "six==1.16.0", "leafpkg==1"),
                reqs);
        assertTrue(r.text().contains("# >>> -r base.txt (inlined from /ws/VisoMaster/base.txt)"), r.text());
        assertEquals(1, r.applied().size());
    }

    @Test
    void missingOrCyclicIncludesAreReported() {
        IOException missing = assertThrows(IOException.class,
                () -> rewrite("-r nope.txt\n", List.of(), List.of()));
        assertTrue(missing.getMessage().contains("includes nope.txt (-r), which does not exist"), missing.getMessage());

        IOException cycle = assertThrows(IOException.class, () -> RequirementsRewriter.rewrite("-r a.txt\n", SRC,
                f -> f.getFileName().toString().equals("a.txt") ? "-r b.txt\n" : "-r a.txt\n", List.of(), List.of()));
        assertTrue(cycle.getMessage().contains("includes it again"), cycle.getMessage());
    }

    @Test
    void overridesThatMatchNothingAreNoted() throws IOException {
        Result r = rewrite("numpy==1\n", List.of(new PinOverride("insightface", "insightface==0.7.3", "")), List.of());
        assertEquals(List.of("numpy==1"), body(r));
        assertTrue(r.applied().isEmpty());
        assertEquals(1, r.notes().size());
        assertTrue(r.notes().get(0).contains("insightface was not applied"), r.notes().get(0));
    }

    @Test
    void directReferencesByNameCanBeOverriddenButBarePathsAreLeft() throws IOException {
        String text = "mypkg @ https://example.org/mypkg-1.0.whl\n./local/pkg\n/abs/wheel.whl\n";
        Result r = rewrite(text, List.of(new PinOverride("mypkg", "mypkg==2.0", ""),
                new PinOverride("pkg", "pkg==1", "")), List.of());
        assertEquals(List.of("mypkg==2.0", "./local/pkg", "/abs/wheel.whl"), body(r));
    }

    @Test
    void headerNamesTheSourceAndOutputIsStable() throws IOException {
        Result a = rewrite(UPSTREAM, List.of(ORT), List.of());
        Result b = rewrite(UPSTREAM.replace("\r\n", "\n"), List.of(ORT), List.of());
        assertTrue(a.text().startsWith("# Derived by VisoMaster Launcher from " + SRC));
        assertEquals(a.text(), b.text(), "CRLF and LF sources derive the same text (and the same stamp)");
    }

    @Test
    void logicalLinesJoinContinuationsButNotComments() {
        assertEquals(List.of("a  b", "# c \\", "d"), RequirementsRewriter.logicalLines("a \\\r\n  b\n# c \\\nd\n"));
    }
}
