package org.visomaster.launcher.frontend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.frontend.app.Main;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.testing.FusionHistory;

/**
 * The default profile (fusion, tracking main) on stand-in hosts, through the command line, against a Fusion-like
 * history cloned over file://: the dry run and status name each choice and where it came from, and the source step
 * installs the newest version the host runs. Each host's output is printed (it goes into the report).
 */
class FusionStackCliTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out) {
    }

    private static FakeNvidiaSmi.Box box(String gpu, String cap, String driver, String cuda) {
        return new FakeNvidiaSmi.Box(driver, cuda, List.of("0, " + gpu + ", " + cap + ", 24564"), true);
    }

    static final FakeNvidiaSmi.Box SM120_575 = box("NVIDIA GeForce RTX 5090", "12.0", "575.57.08", "12.9");
    static final FakeNvidiaSmi.Box SM90_580 = box("NVIDIA H100 80GB HBM3", "9.0", "580.65.06", "13.0");
    static final FakeNvidiaSmi.Box SM86_550 = box("NVIDIA GeForce RTX 3090", "8.6", "550.54.15", "12.4");
    static final FakeNvidiaSmi.Box SM61_580 = box("NVIDIA GeForce GTX 1080", "6.1", "580.65.06", "13.0");

    private Run run(Path ws, HostEnvironment host, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        String[] argv = new String[args.length + 2];
        argv[0] = "--workspace";
        argv[1] = ws.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        int code = Main.run(argv, host, ps, ps);
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.println("$ visomaster-launcher " + String.join(" ", args) + "   (exit " + code + ")\n" + out);
        return new Run(code, out);
    }

    private HostEnvironment host(FakeNvidiaSmi.Box box, String repoUrl) throws Exception {
        return FakeNvidiaSmi.hostFor(tmp.resolve("smi-" + box.driver() + box.gpus().get(0).hashCode()), box)
                .with(Map.of("VISO_REPO_URL", repoUrl));
    }

    /** Dry run on a fresh workspace, the source step, then the dry run and status on the installed checkout. */
    private Run[] onHost(String name, FakeNvidiaSmi.Box box) throws Exception {
        System.out.println("==== stand-in host: " + name + " ====");
        try (FusionHistory h = FusionHistory.fusionLike(tmp.resolve("fusion-" + name + ".git"))) {
            Path ws = tmp.resolve("ws-" + name);
            HostEnvironment host = host(box, h.url());
            Run fresh = run(ws, host, "provision", "--dry-run");
            Run source = run(ws, host, "provision", "--only", "source");
            Run planned = run(ws, host, "provision", "--dry-run");
            Run status = run(ws, host, "status");
            return new Run[] {fresh, source, planned, status};
        }
    }

    @Test
    void anRtx5090OnDriver575Gets212AndIsToldThat3xNeeds580() throws Exception {
        Run[] r = onHost("sm_120 on driver 575", SM120_575);
        assertTrue(r[0].out().contains("profile: fusion (the default)"), r[0].out());
        assertTrue(r[0].out().contains("requirements file: read from the checkout once it is there"), r[0].out());
        assertEquals(0, r[1].code(), r[1].out());
        assertTrue(r[1].out().contains("This host (driver 575.57.08 (CUDA 12.9), NVIDIA GeForce RTX 5090 sm_120) cannot"
                + " run VisoMaster 3.4.1, the newest on main: driver 575.57.08 is older than the 580 that CUDA 13.0"
                + " needs. Installed 2.1.2 ("), r[1].out());
        assertTrue(r[1].out().contains(") instead, the newest version whose stack runs here (CUDA 12.9 (driver ≥ 575,"
                + " sm_70…sm_120, torch 2.8.0+cu129)); 3.4.1 needs CUDA 13.0 (driver ≥ 580, sm_75…sm_120, torch"
                + " 2.11.0+cu130)."), r[1].out());
        String plan = r[2].out();
        assertTrue(plan.contains("app version: 2.1.2 (version.json)"), plan);
        assertTrue(plan.contains("requirements file: requirements_cu129.txt (the only requirements file in the"
                + " checkout)"), plan);
        assertTrue(plan.contains("Python: 3.11 (README.md: uv venv --python 3.11)"), plan);
        assertTrue(plan.contains("index strategy: unsafe-best-match (pyproject.toml [tool.uv.pip] index-strategy)"),
                plan);
        assertTrue(plan.contains("https://download.pytorch.org/whl/cu129"), plan);
        assertTrue(plan.contains("chosen by this host: "), plan);
        assertTrue(r[3].out().contains("stack:"), r[3].out());
        assertTrue(r[3].out().contains("app version: 2.1.2 (version.json)"), r[3].out());
    }

    @Test
    void anH100OnDriver580GetsTheNewest341WithPython312() throws Exception {
        Run[] r = onHost("sm_90 on driver 580", SM90_580);
        assertEquals(0, r[1].code(), r[1].out());
        String plan = r[2].out();
        assertTrue(plan.contains("app version: 3.4.1 (version.json)"), plan);
        assertTrue(plan.contains("requirements file: requirements_cu13.txt"), plan);
        assertTrue(plan.contains("stack: CUDA 13.0 (driver ≥ 580, sm_75…sm_120, torch 2.11.0+cu130)"), plan);
        assertTrue(plan.contains("Python: 3.12 (README.md: uv venv --python 3.12)"), plan);
        assertTrue(plan.contains("ort-cuda-13-nightly"), plan);
        assertFalse(plan.contains("chosen by this host"), plan);
    }

    @Test
    void anRtx3090OnDriver550RunsNoFusionVersionAndIsSentToUpstream() throws Exception {
        Run[] r = onHost("sm_86 on driver 550", SM86_550);
        assertEquals(1, r[1].code(), r[1].out());
        assertTrue(r[1].out().contains("Use the upstream profile (--profile upstream or VISO_PROFILE=upstream)"),
                r[1].out());
        assertTrue(r[1].out().contains("driver 550.54.15 is older than the 580 that CUDA 13.0 needs; older versions:"
                + " 2.1.2 needs CUDA 12.9 (driver ≥ 575, sm_70…sm_120, torch 2.8.0+cu129)."), r[1].out());
    }

    @Test
    void aGtx1080RunsNoFusionVersionAndIsSentToUpstream() throws Exception {
        Run[] r = onHost("sm_61 on driver 580", SM61_580);
        assertEquals(1, r[1].code(), r[1].out());
        assertTrue(r[1].out().contains("NVIDIA GeForce GTX 1080 is sm_61, outside the sm_75…sm_120"), r[1].out());
        assertTrue(r[1].out().contains("Use the upstream profile"), r[1].out());
    }

    /** Part 4: status names a newer version this host runs; --update runs the source step again. */
    @Test
    void statusShowsTheNewerVersionThisHostRunsAndUpdatePlansTheSourceStep() throws Exception {
        System.out.println("==== updates on sm_90 / driver 580 ====");
        try (FusionHistory h = FusionHistory.fusionLike(tmp.resolve("fusion-up.git"))) {
            Path ws = tmp.resolve("ws-up");
            HostEnvironment host = host(SM90_580, h.url());
            assertEquals(0, run(ws, host, "provision", "--only", "source").code());
            h.setBranch("main", h.commit(List.of(h.v341), FusionHistory.cu13("3.4.2"), "bump 3.4.2"));
            Run status = run(ws, host, "status");
            assertTrue(status.out().contains("updates: Update available: 3.4.2 ("), status.out());
            Run plan = run(ws, host, "provision", "--update", "--dry-run");
            assertTrue(plan.out().contains("[source]       skipped: would run: fetch"), plan.out());
            Run both = run(ws, host, "provision", "--update", "--only", "source");
            assertEquals(2, both.code(), both.out());
            Run none = run(ws, host, "provision", "--rollback");
            assertEquals(1, none.code(), none.out());
            assertTrue(none.out().contains("No earlier version passed the self-test on this GPU"), none.out());
        }
    }

    /** Part 5: an upstream VisoMaster you put in the workspace, offline: recognised, recorded, never fetched. */
    @Test
    void aVisoMasterYouProvideIsUsedOfflineAndPreflightDoesNotBlockIt() throws Exception {
        Path ws = tmp.resolve("ws-own");
        Path src = ws.resolve("VisoMaster");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("main.py"), "print('my VisoMaster')\n");
        Files.writeString(src.resolve("requirements_cu124.txt"), "onnxruntime-gpu==1.20.0\n");
        HostEnvironment offline = host(SM90_580, tmp.resolve("no-network").toUri().toString());
        System.out.println("==== a VisoMaster you provide, offline ====");
        Run dry = run(ws, offline, "provision", "--dry-run");
        assertTrue(dry.out().contains("as you provided it"), dry.out());
        Run r = run(ws, offline, "provision", "--only", "preflight,source");
        assertEquals(0, r.code(), r.out());
        assertFalse(r.out().contains("Could not reach"), r.out());
        Run status = run(ws, offline, "status");
        assertTrue(status.out().contains("source: the VisoMaster you provided, used as it is"), status.out());
        assertTrue(status.out().contains("requirements file: requirements_cu124.txt"), status.out());
        assertTrue(status.out().contains("override: onnxruntime-gpu==1.22.0"), status.out());
        assertEquals("print('my VisoMaster')\n", Files.readString(src.resolve("main.py")));
    }
}
