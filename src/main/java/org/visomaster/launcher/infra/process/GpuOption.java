package org.visomaster.launcher.infra.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How VisoMaster is told which GPU to use. A checkout whose {@code main.py} declares an argparse {@code --gpu-id}
 * option (VisoMaster-Fusion since its PR 231) gets {@code --gpu-id N}; any other version gets
 * {@code CUDA_VISIBLE_DEVICES=N}. Decided by reading the checkout, not by the profile's name, so a fork or a
 * user's own folder is treated by what it is. Fusion gets its option rather than the variable because it also asks
 * {@code nvidia-smi --id=<gpu_id>} for the GPU's free memory: hiding GPUs from CUDA would make it read GPU 0's. Both ways set {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}, so CUDA counts
 * GPUs as nvidia-smi (and the picker) does rather than fastest first.
 */
final class GpuOption {
    static final String ARGUMENT = "--gpu-id";
    static final String VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";
    static final String DEVICE_ORDER = "CUDA_DEVICE_ORDER";
    /** main.py is a few KiB; read no more than this of a strange one. */
    private static final int MAX_READ = 1 << 20;
    private static final Pattern DECLARED = Pattern.compile("add_argument\\(\\s*(?:\"-[^\"]*\"\\s*,\\s*)?[\"']"
            + Pattern.quote(ARGUMENT) + "[\"']");

    private GpuOption() {
    }

    /** True when {@code source/main.py} declares {@code --gpu-id}. */
    static boolean acceptsGpuId(Path source) {
        Path main = source.resolve("main.py");
        try (InputStream in = Files.newInputStream(main)) {
            String text = new String(in.readNBytes(MAX_READ), StandardCharsets.UTF_8);
            return DECLARED.matcher(text).find();
        } catch (IOException e) {
            return false;
        }
    }

    /** Adds the choice of GPU {@code gpu} to {@code argv} and {@code env} (both mutable). */
    static void apply(Path source, int gpu, List<String> argv, Map<String, String> env) {
        env.put(DEVICE_ORDER, "PCI_BUS_ID");
        if (acceptsGpuId(source)) {
            argv.add(ARGUMENT);
            argv.add(Integer.toString(gpu));
        } else {
            env.put(VISIBLE_DEVICES, Integer.toString(gpu));
        }
    }
}
