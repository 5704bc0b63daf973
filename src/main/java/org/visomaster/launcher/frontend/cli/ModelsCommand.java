package org.visomaster.launcher.frontend.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.visomaster.launcher.engine.ModelView;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
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
        List<ModelView> models;
        try {
            models = ctx.provision().models(verify);
        } catch (StepFailedException e) {
            ctx.err().println(e.getMessage());
            e.lastLines().forEach(l -> ctx.err().println("  " + l));
            return ExitCodes.FAILED;
        }
        long verified = models.stream().filter(m -> m.state() == ModelState.VERIFIED).count();
        if (ctx.json()) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (ModelView m : models) {
                ObjectNode n = arr.addObject();
                n.put("name", m.name());
                n.put("relativePath", m.id().relativePath());
                n.put("url", m.url());
                n.put("expectedSha", m.expectedSha());
                n.put("size", m.size());
                n.put("state", m.state().name());
                n.put("detail", m.detail());
            }
            ctx.out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
        } else {
            for (ModelView m : models) {
                ctx.out().printf("  %-10s %10s  %-40s %s%s%n", m.state().name().toLowerCase(),
                        m.size() < 0 ? "" : Units.bytes(m.size()), m.name(), m.id(),
                        m.detail() == null || m.detail().isBlank() ? "" : "  (" + m.detail() + ")");
            }
            ctx.out().println(verified + " of " + models.size() + " models verified"
                    + (verified == models.size() ? "." : "; run `visomaster-launcher provision` to fetch the rest."));
        }
        boolean bad = models.stream().anyMatch(m -> m.state() == ModelState.MISMATCH);
        return bad ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
