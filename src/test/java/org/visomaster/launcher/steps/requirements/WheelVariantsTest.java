package org.visomaster.launcher.steps.requirements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.infra.workspace.ConfigException;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.PinOverride;
import org.visomaster.launcher.infra.workspace.Workspace;

/** The bundled profiles' variants chosen from stand-in nvidia-smi machines, and the driver check against them. */
class WheelVariantsTest {
    @TempDir
    Path tmp;

    private LauncherConfig profile(String name, Map<String, String> env) throws ConfigException {
        return ConfigLoader.load(new Workspace(tmp.resolve("ws")), name, env);
    }

    private GpuFacts facts(FakeNvidiaSmi.Box box) throws Exception {
        return GpuFactsProbe.probeNow(FakeNvidiaSmi.hostFor(tmp.resolve("smi-" + box.driver() + box.cuda()), box));
    }

    @Test
    void anRtx5090GetsTheCu128SetAndSaysWhy() throws Exception {
        VariantChoice c = WheelVariants.choose(profile("upstream", Map.of()), facts(FakeNvidiaSmi.RTX_5090));
        assertEquals("cu128", c.name());
        assertEquals("NVIDIA GeForce RTX 5090 is sm_120, which torch 2.4.1+cu124 cannot run: installing torch"
                + " 2.7.1+cu128 instead (the cu128 variant).", c.reason());
        assertTrue(c.fits());
        assertEquals(DriverCheck.Result.OK, DriverCheck.check(profile("upstream", Map.of()), c,
                facts(FakeNvidiaSmi.RTX_5090)));
    }

    @Test
    void anH100AndAnA100KeepTheCu124Set() throws Exception {
        VariantChoice h100 = WheelVariants.choose(profile("upstream", Map.of()), facts(FakeNvidiaSmi.H100));
        assertEquals("cu124", h100.name());
        assertEquals("NVIDIA H100 80GB HBM3 is sm_90, which the default cu124 wheels (torch 2.4.1+cu124) serve:"
                + " keeping them.", h100.reason());
        VariantChoice a100 = WheelVariants.choose(profile("upstream", Map.of()), facts(FakeNvidiaSmi.A100));
        assertEquals("cu124", a100.name());
        assertTrue(a100.reason().startsWith("NVIDIA A100-SXM4-80GB is sm_80, which the default"), a100.reason());
    }

    @Test
    void aBoxWithAnRtx4090AndAnRtx5090GetsTheCu128SetThatServesBoth() throws Exception {
        LauncherConfig upstream = profile("upstream", Map.of());
        GpuFacts mixed = facts(FakeNvidiaSmi.RTX_4090_AND_5090);
        VariantChoice c = WheelVariants.choose(upstream, mixed);
        assertEquals("cu128", c.name());
        assertTrue(c.fits());
        assertEquals("NVIDIA GeForce RTX 5090 is sm_120, which torch 2.4.1+cu124 cannot run: installing torch"
                + " 2.7.1+cu128 instead (the cu128 variant).", c.reason());
        assertEquals(DriverCheck.Result.OK, DriverCheck.check(upstream, c, mixed));
    }

    @Test
    void noGpuOrAnUnknownCapabilityGetTheDefault() throws Exception {
        VariantChoice none = WheelVariants.choose(profile("upstream", Map.of()), GpuFacts.none("none"));
        assertEquals("cu124", none.name());
        assertEquals("No NVIDIA GPU is visible: installing the profile's default, the cu124 wheels (torch"
                + " 2.4.1+cu124).", none.reason());
        VariantChoice old = WheelVariants.choose(profile("upstream", Map.of()), facts(FakeNvidiaSmi.OLD_DRIVER));
        assertEquals("cu124", old.name());
        assertEquals("The compute capability of Tesla T4 is unknown (driver 470.182.03 (CUDA 11.4)): installing the"
                + " profile's default, the cu124 wheels (torch 2.4.1+cu124).", old.reason());
    }

    @Test
    void anOldDriverStopsInPreflightWithOneSentence() throws Exception {
        LauncherConfig upstream = profile("upstream", Map.of());
        GpuFacts old = facts(FakeNvidiaSmi.OLD_DRIVER);
        DriverCheck.Result r = DriverCheck.check(upstream, WheelVariants.choose(upstream, old), old);
        assertTrue(r.failure());
        assertEquals("The NVIDIA driver 470.182.03 supports CUDA up to 11.4, but the cu124 wheels (torch 2.4.1+cu124)"
                + " need CUDA 12.0 or newer (driver 525 or later): rent a host whose driver supports CUDA 12.0"
                + " or newer.", r.sentence());

        GpuFacts blackwellOld = facts(FakeNvidiaSmi.RTX_5090_OLD_DRIVER);
        VariantChoice c = WheelVariants.choose(upstream, blackwellOld);
        assertEquals("cu128", c.name(), "cu124 cannot run the GPU at all, so it is not offered instead");
        assertEquals("The NVIDIA driver 560.35.03 supports CUDA up to 12.6, but the cu128 wheels (torch 2.7.1+cu128)"
                + " need CUDA 12.8 or newer (driver 570 or later): rent a host whose driver supports CUDA 12.8 or"
                + " newer.", DriverCheck.check(upstream, c, blackwellOld).sentence());
    }

    @Test
    void aForcedVariantWinsAndSaysWhereItWasSet() throws Exception {
        VariantChoice env = WheelVariants.choose(profile("upstream", Map.of("VISO_WHEEL_VARIANT", "cu128")),
                facts(FakeNvidiaSmi.H100));
        assertEquals("cu128", env.name());
        assertTrue(env.forced());
        assertTrue(env.fits(), "torch 2.7.1+cu128 has sm_90 kernels: no warning");
        assertEquals("The cu128 wheels (torch 2.7.1+cu128) are forced by VISO_WHEEL_VARIANT.", env.reason());
        VariantChoice onAnOldGpu = WheelVariants.choose(profile("upstream", Map.of("VISO_WHEEL_VARIANT", "cu128")),
                GpuFactsProbe.probeNow(FakeNvidiaSmi.hostFor(tmp.resolve("v100"), new FakeNvidiaSmi.Box("550.54.15",
                        "12.4", List.of("0, Tesla V100-SXM2-16GB, 7.0, 16384"), true))));
        assertEquals("The cu128 wheels (torch 2.7.1+cu128) are forced by VISO_WHEEL_VARIANT. Note: Tesla V100-SXM2-16GB"
                + " is sm_70, outside what they serve (compute capability 7.5 to 12.9).", onAnOldGpu.reason());

        Workspace ws = new Workspace(tmp.resolve("ws"));
        Files.createDirectories(ws.root());
        Files.writeString(ws.configFile(), "{\"wheelVariant\": \"cu124\"}");
        VariantChoice file = WheelVariants.choose(ConfigLoader.load(ws, "upstream", Map.of()), facts(FakeNvidiaSmi.H100));
        assertEquals("The cu124 wheels (torch 2.4.1+cu124) are forced by " + ws.configFile() + ".", file.reason());
        Files.writeString(ws.configFile(), "{\"wheelVariant\": \"auto\"}");
        assertFalse(WheelVariants.choose(ConfigLoader.load(ws, "upstream", Map.of()), facts(FakeNvidiaSmi.H100)).forced());
    }

    @Test
    void anUnknownVariantNameIsAConfigurationErrorListingTheNames() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> profile("upstream", Map.of("VISO_WHEEL_VARIANT", "cu999")));
        assertEquals("environment variable VISO_WHEEL_VARIANT: key \"wheelVariant\": \"cu999\" is not a wheel variant"
                + " of profile upstream (allowed: auto, cu124, cu128)", e.getMessage());
    }

    @Test
    void aMalformedVariantInLauncherJsonNamesTheFileAndTheKey() throws Exception {
        Workspace ws = new Workspace(tmp.resolve("bad"));
        Files.createDirectories(ws.root());
        Files.writeString(ws.configFile(), "{\"variants\": [{\"name\": \"mine\", \"minCapability\": \"nine\"}]}");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ws, "upstream", Map.of()));
        assertEquals(ws.configFile() + ": key \"variants[mine].minCapability\": \"nine\" is not a compute capability"
                + " (allowed: X.Y with a one-digit minor, e.g. 7.5, 9.0 or 12.0)", e.getMessage());
        // "10.10" would read as no capability at all and so serve every GPU
        Files.writeString(ws.configFile(), "{\"variants\": [{\"name\": \"mine\", \"maxCapability\": \"10.10\"}]}");
        assertEquals(ws.configFile() + ": key \"variants[mine].maxCapability\": \"10.10\" is not a compute"
                + " capability (allowed: X.Y with a one-digit minor, e.g. 7.5, 9.0 or 12.0)",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(ws, "upstream", Map.of())).getMessage());
        Files.writeString(ws.configFile(), "{\"defaultVariant\": \"mine\", \"variants\": [{\"name\": \"mine\","
                + " \"minDriverCuda\": \"12.10\"}]}");
        assertEquals("12.10", ConfigLoader.load(ws, "upstream", Map.of()).variants().get(0).minDriverCuda(),
                "a CUDA version may have a two-digit minor");
        Files.writeString(ws.configFile(), "{\"variants\": [{\"name\": \"mine\", \"torchh\": \"2.7\"}]}");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(ws, "upstream", Map.of())).getMessage()
                .contains("key \"variants[mine].torchh\": unknown key"));
        Files.writeString(ws.configFile(), "{\"defaultVariant\": \"cu999\"}");
        assertEquals(ws.configFile() + ": key \"defaultVariant\": \"cu999\" is not one of the variants (allowed:"
                + " cu124, cu128)", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(ws, "upstream", Map.of())).getMessage());
    }

    @Test
    void noServingVariantSuggestsAnotherOnlyWhenTheProfileHasOne() throws Exception {
        Workspace ws = new Workspace(tmp.resolve("one"));
        Files.createDirectories(ws.root());
        Files.writeString(ws.configFile(), "{\"defaultVariant\": \"old\", \"variants\": [{\"name\": \"old\","
                + " \"minCapability\": \"5.0\", \"maxCapability\": \"9.0\"}]}");
        VariantChoice one = WheelVariants.choose(ConfigLoader.load(ws, "upstream", Map.of()), facts(FakeNvidiaSmi.RTX_5090));
        assertFalse(one.fits());
        assertEquals("NVIDIA GeForce RTX 5090 is sm_120, which no wheel variant of this profile serves (old: compute"
                + " capability 5.0 to 9.0): installing the default, the old wheels, anyway.", one.reason());

        Files.writeString(ws.configFile(), "{\"defaultVariant\": \"old\", \"variants\": [{\"name\": \"old\","
                + " \"maxCapability\": \"9.0\"}, {\"name\": \"older\", \"maxCapability\": \"7.0\"}]}");
        VariantChoice two = WheelVariants.choose(ConfigLoader.load(ws, "upstream", Map.of()), facts(FakeNvidiaSmi.RTX_5090));
        assertTrue(two.reason().endsWith(", anyway; set VISO_WHEEL_VARIANT to try another."), two.reason());
    }

    @Test
    void theFusionProfileHasNoVariantsItsStackComesFromTheCheckout() throws Exception {
        LauncherConfig fusion = profile("fusion", Map.of());
        assertFalse(WheelVariants.choose(fusion, facts(FakeNvidiaSmi.RTX_5090)).present());
        assertEquals("main", fusion.ref());
        assertEquals("auto", fusion.pythonVersion());
        assertEquals("auto", fusion.requirementsFile());
    }

    @Test
    void aPinOfYourOwnBeatsTheVariantsAndIndexesAddUp() throws Exception {
        LauncherConfig upstream = profile("upstream", Map.of());
        VariantChoice c = WheelVariants.choose(upstream, facts(FakeNvidiaSmi.RTX_5090));
        List<PinOverride> profileAndVariant = WheelVariants.overrides(upstream, c);
        assertEquals(List.of("onnxruntime-gpu", "torch", "torchvision", "torchaudio", "tensorrt", "tensorrt-cu12_libs",
                "tensorrt-cu12_bindings"), profileAndVariant.stream().map(PinOverride::name).toList());
        LauncherConfig mine = new LauncherConfig(upstream.profile(), "", upstream.repoUrl(), upstream.ref(),
                upstream.pythonVersion(), upstream.requirementsFile(), upstream.extraIndexUrls(),
                upstream.indexStrategy(), List.of(new PinOverride("Torch", "torch==2.7.0+cu128", "mine")),
                upstream.modelsManifest(), upstream.modelsUrlPrefix(), null, "auto", 4, true, 17860, 1L << 30,
                upstream.variants(), upstream.defaultVariant(), null, null);
        List<PinOverride> withMine = WheelVariants.overrides(mine, c);
        assertEquals("torch==2.7.0+cu128", withMine.get(0).requirement());
        assertEquals(1, withMine.stream().filter(o -> o.name().equalsIgnoreCase("torch")).count());
        assertEquals(List.of("https://download.pytorch.org/whl/cu128", "https://pypi.nvidia.com"),
                WheelVariants.extraIndexUrls(upstream, c));
    }
}
