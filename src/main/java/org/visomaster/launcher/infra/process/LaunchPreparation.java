package org.visomaster.launcher.infra.process;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.workspace.Workspace;

/** What the supervisor does before each start: the chosen GPU checked, stale TensorRT engines moved aside. */
final class LaunchPreparation {
    private static final Logger LOG = LoggerFactory.getLogger(VisoMasterSupervisor.class);

    private LaunchPreparation() {
    }

    /** {@code wanted} when this machine has that GPU (or the GPUs are unknown); else null, said once. */
    static Integer checkedGpu(Integer wanted, List<LaunchGpu> machine, Consumer<String> notes) {
        if (wanted == null || machine.isEmpty() || machine.stream().anyMatch(g -> g.index() == wanted)) {
            return wanted;
        }
        String sentence = "GPU " + wanted + " was chosen, but this machine has " + machine.size()
                + (machine.size() == 1 ? " GPU" : " GPUs") + " (0 to " + (machine.size() - 1) + "); VisoMaster starts"
                + " on its default GPU: pick another one beside Launch (or `launch --gpu N`).";
        LOG.warn(sentence);
        notes.accept(sentence);
        return null;
    }

    /**
     * Moves TensorRT engines built for another GPU or TensorRT out of the way and records this launch's GPU
     * architecture and TensorRT version. Never throws: a launch goes ahead, with the problem said.
     */
    static void moveStaleEngines(Workspace ws, List<LaunchGpu> machine, Integer useGpu, Consumer<String> notes) {
        int index = useGpu == null ? 0 : useGpu;
        String arch = machine.stream().filter(g -> g.index() == index).map(LaunchGpu::computeCapability)
                .findFirst().orElse("");
        String tensorRt = TensorRtEngines.installedVersion(ws.env());
        LaunchSettings last = LaunchSettings.load(ws);
        try {
            TensorRtEngines.Outcome o = TensorRtEngines.moveAsideIfStale(ws, last, arch, tensorRt);
            if (!o.sentence().isEmpty()) {
                LOG.info("{} ({})", o.sentence(), o.moved());
                notes.accept(o.sentence());
            }
        } catch (IOException e) {
            LOG.warn(e.getMessage());
            notes.accept(e.getMessage());
            return; // keep the old facts: the next launch tries again
        }
        try {
            LaunchSettings.update(ws, s -> s.withEngines(arch.isEmpty() ? s.engineArch() : arch,
                    tensorRt.isEmpty() ? s.engineTensorRt() : tensorRt));
        } catch (IOException e) {
            LOG.warn("the GPU and TensorRT of this launch cannot be recorded in {}", ws.launchSettingsFile(), e);
        }
    }
}
