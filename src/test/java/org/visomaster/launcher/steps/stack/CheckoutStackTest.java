package org.visomaster.launcher.steps.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.testing.FusionHistory;

/** The stack read from a checkout's own files, at commits of a Fusion-like history and in folders. */
class CheckoutStackTest {
    @TempDir
    Path tmp;

    private CheckoutStack at(FusionHistory h, ObjectId id) throws Exception {
        try (RevWalk w = new RevWalk(h.repo)) {
            return HistoryWalk.read(h.repo, w.parseCommit(id), StackTable.bundled(), GitVersions.of(h.repo));
        }
    }

    @Test
    void fusion3ReadsCu13Python312AndItsIndexesFromTheCheckout() throws Exception {
        try (FusionHistory h = FusionHistory.fusionLike(tmp.resolve("fusion.git"))) {
            CheckoutStack s = at(h, h.v341);
            assertTrue(s.known(), s.problem());
            assertEquals(new Sourced("requirements_cu13.txt", "the only requirements file in the checkout"),
                    s.requirementsFile());
            assertEquals("CUDA 13.0 (driver ≥ 580, sm_75…sm_120, torch 2.11.0+cu130)", s.entry().describe());
            assertEquals(new Sourced("3.12", "README.md: uv venv --python 3.12"), s.python());
            assertEquals(List.of("https://pypi.nvidia.com", "https://download.pytorch.org/whl/cu130",
                    "https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/ort-cuda-13-nightly/pypi/simple/",
                    "https://pypi.org/simple"), s.extraIndexUrls());
            assertEquals(new Sourced("unsafe-best-match", "pyproject.toml [tool.uv.pip] index-strategy"),
                    s.indexStrategy());
            assertEquals(new Sourced("3.4.1", "version.json"), s.version());
        }
    }

    @Test
    void fusion2ReadsCu129AndTheAppsPythonNotTheTestVenvs() throws Exception {
        try (FusionHistory h = FusionHistory.fusionLike(tmp.resolve("fusion.git"))) {
            CheckoutStack s = at(h, h.v212);
            assertEquals("requirements_cu129.txt", s.requirementsFile().value());
            assertEquals("3.11", s.python().value(), "README's 'uv venv --python 3.12 .venv-test' is for the tests");
            assertEquals("2.1.2", s.version().value());
            assertTrue(s.extraIndexUrls().contains("https://download.pytorch.org/whl/cu129"));
            CheckoutStack first = at(h, h.v100);
            assertEquals(new Sourced("v1.0.0", "the tag on commit " + h.v100.abbreviate(7).name()), first.version(),
                    "no version.json: the tag");
        }
    }

    @Test
    void severalRequirementsFilesOrAnUnknownOneAreNamedNeverGuessed() throws Exception {
        try (FusionHistory h = FusionHistory.fusionLike(tmp.resolve("fusion.git"))) {
            CheckoutStack multi = at(h, h.multiStack);
            assertFalse(multi.known());
            assertNull(multi.entry());
            assertTrue(multi.problem().startsWith("The checkout holds several requirements files"
                    + " (requirements_cu118.txt, requirements_cu124.txt, requirements_cu128.txt)"), multi.problem());
            assertEquals(new Sourced(multi.version().value(), "the short commit id (no version.json, no tag)"),
                    multi.version());
        }
        Path dir = tmp.resolve("cu14");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("requirements_cu14.txt"), "torch==3.0\n");
        Files.writeString(dir.resolve("README.md"), "uv venv --python 3.13\n");
        CheckoutStack unknown = CheckoutStack.read(CheckoutFiles.of(dir), StackTable.bundled(),
                new Sourced("unknown", "not a clone"));
        assertEquals("The checkout's requirements_cu14.txt is a stack the launcher does not know (it knows"
                + " requirements_cu13.txt, requirements_cu129.txt, requirements_cu124.txt), so it cannot say which"
                + " driver, GPUs and Python it needs; a newer launcher may know it, or set \"requirementsFile\" and"
                + " \"pythonVersion\" in launcher.json to install it anyway.", unknown.problem());
    }

    @Test
    void pythonComesFromThePortableScriptThenTheTable() throws Exception {
        Path dir = tmp.resolve("portable");
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("requirements_cu13.txt"), "torch==2.11.0+cu130\n");
        Files.writeString(dir.resolve("scripts/Start_Portable.bat"),
                "set URL=https://www.python.org/ftp/python/3.12.10/python-3.12.10-amd64.zip\n");
        CheckoutStack portable = CheckoutStack.read(CheckoutFiles.of(dir), StackTable.bundled(), null);
        assertEquals(new Sourced("3.12", "scripts/Start_Portable.bat: python/3.12.10"), portable.python());
        Files.delete(dir.resolve("scripts/Start_Portable.bat"));
        CheckoutStack table = CheckoutStack.read(CheckoutFiles.of(dir), StackTable.bundled(), null);
        assertEquals(new Sourced("3.12", "the stack table's row for requirements_cu13.txt"), table.python());
    }

    @Test
    void theWorkspacesStackKeepsOurKnownBadOverrideAndTheConfiguredPinsWin() throws Exception {
        Path dir = tmp.resolve("upstream-fork");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("requirements_cu124.txt"), "onnxruntime-gpu==1.20.0\n");
        var config = org.visomaster.launcher.infra.workspace.ConfigLoader.load(
                new org.visomaster.launcher.infra.workspace.Workspace(tmp.resolve("ws")), "fusion", Map.of());
        InstallStack s = InstallStack.resolve(config, dir);
        assertEquals("requirements_cu124.txt", s.requirementsFile().value());
        assertEquals("3.10", s.python().value());
        assertEquals("onnxruntime-gpu==1.22.0", s.overrides().get(0).requirement(),
                "onnxruntime 1.20 breaks on Linux whatever the fork");
        assertEquals(new Sourced("unknown", "no version.json and not a git clone"), s.version());
    }
}
