package org.visomaster.launcher.steps.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.testing.FakeNvidiaSmi;

/** The GPU lines of doctor and status. */
class GpuReportTest {
    @TempDir
    Path tmp;

    private List<GpuReport.Line> lines(SelfTestState last) throws Exception {
        HostEnvironment h100 = FakeNvidiaSmi.hostFor(tmp.resolve("smi"), FakeNvidiaSmi.H100);
        StateStore state = new StateStore(tmp.resolve("state.json"));
        state.put(SelfTestState.SECTION, last);
        return GpuReport.of(Optional.empty(), h100, state).lines();
    }

    private static GpuReport.Line selfTestLine(List<GpuReport.Line> lines) {
        return lines.stream().filter(l -> l.text().startsWith("Last GPU self-test")).findFirst().orElseThrow();
    }

    @Test
    void aSelfTestThatPassedWithWarningsIsAWarningNamingTheFirst() throws Exception {
        GpuReport.Line l = selfTestLine(lines(new SelfTestState("stamp", "2026-12-01T10:00:00Z",
                "passed with warnings", "H100", "tiny.onnx", List.of(
                new SelfTestState.Check("torch", "ok", "torch imports.", ""),
                new SelfTestState.Check("session", "warning", "tiny.onnx loads on the GPU but running it once on"
                        + " zeros failed: Fail: bad shape.", "")))));
        assertEquals("warning", l.level());
        assertEquals("Last GPU self-test (2026-12-01T10:00:00Z): passed with warnings: tiny.onnx loads on the GPU but"
                + " running it once on zeros failed: Fail: bad shape.", l.text());

        GpuReport.Line passed = selfTestLine(lines(new SelfTestState("stamp", "2026-12-01T10:00:00Z", "passed", "H100",
                "tiny.onnx", List.of(new SelfTestState.Check("torch", "ok", "torch imports.", "")))));
        assertEquals(new GpuReport.Line("ok", "Last GPU self-test (2026-12-01T10:00:00Z): passed"), passed);
    }

    @Test
    void withoutAConfigurationTheFactsAreStillReportedButNoVariant() throws Exception {
        List<GpuReport.Line> l = lines(new SelfTestState(null, "t", "failed", "H100", "", List.of(
                new SelfTestState.Check("kernel", "failure", "no kernel.", ""))));
        assertTrue(l.stream().anyMatch(x -> x.text().startsWith("GPU 0: NVIDIA H100 80GB HBM3, compute capability 9.0")),
                l.toString());
        assertFalse(l.stream().anyMatch(x -> x.text().contains("wheels")), l.toString());
        assertEquals(new GpuReport.Line("problem", "Last GPU self-test (t): failed: no kernel."), selfTestLine(l));
    }
}
