package org.visomaster.launcher.frontend.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.visomaster.launcher.steps.models.ModelStatus;
import org.visomaster.launcher.steps.models.ModelsReport;
import org.visomaster.launcher.steps.models.ModelsStep;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.util.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `models [--verify]`: the manifest with each file's state; --verify re-hashes every present file. */
@Command(name = "models", description = "Lists VisoMaster's model files with each one's state (exit 1 when one"
        + " does not match its hash).")
public final class ModelsCommand extends WorkspaceCommand {
    @Option(names = "--verify", description = "re-hash every present file instead of trusting the verified cache")
    boolean verify;

    @Override
    protected int run(CliContext ctx) throws Exception {
        StepContext step = ctx.provision().context(ModelsStep.ID);
        List<ModelStatus> models;
        try {
            models = ModelsReport.list(step, verify);
        } catch (StepFailedException e) {
            ctx.err().println(e.getMessage());
            e.lastLines().forEach(l -> ctx.err().println("  " + l));
            return ExitCodes.FAILED;
        }
        long verified = models.stream().filter(m -> m.state() == ModelStatus.State.VERIFIED).count();
        if (ctx.json()) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (ModelStatus m : models) {
                ObjectNode n = Json.MAPPER.valueToTree(m);
                arr.add(n);
            }
            ctx.out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
        } else {
            for (ModelStatus m : models) {
                ctx.out().printf("  %-10s %10s  %-40s %s%s%n", m.state().name().toLowerCase(),
                        m.size() < 0 ? "" : Units.bytes(m.size()), m.name(), m.relativePath(),
                        m.detail() == null || m.detail().isBlank() ? "" : "  (" + m.detail() + ")");
            }
            ctx.out().println(verified + " of " + models.size() + " models verified"
                    + (verified == models.size() ? "." : "; run `visomaster-launcher provision` to fetch the rest."));
        }
        boolean bad = models.stream().anyMatch(m -> m.state() == ModelStatus.State.MISMATCH);
        return bad ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
