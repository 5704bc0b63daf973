package org.visomaster.launcher.frontend.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.ConfigException;
import org.visomaster.launcher.imports.ImportResult;
import org.visomaster.launcher.imports.ImportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `import FILE…`: places dropped files where VisoMaster and the steps expect them (same rules as the window). */
@Command(name = "import", description = {"Places files where VisoMaster and the steps expect them, as a drop on"
        + " the window does: requirements*.txt, dependency archives (extracted into dependencies/), models (.onnx,"
        + " .pth, ..., .dfm), anything else into uploads/.", "Exit 1 when a file was refused."})
public final class ImportCommand extends WorkspaceCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ImportCommand.class);

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "the files to import")
    List<Path> files = new ArrayList<>();

    @Override
    protected int run(CliContext ctx) throws Exception {
        ctx.workspace().ensureLayout();
        ImportService service = new ImportService(ctx.workspace());
        List<ImportResult> results = new ArrayList<>();
        for (Path p : files) {
            results.add(service.importFile(p, p.getFileName() == null ? p.toString() : p.getFileName().toString()));
        }
        Set<StepId> affected = new LinkedHashSet<>();
        results.stream().filter(ImportResult::accepted).forEach(r -> affected.addAll(r.affectedSteps()));
        StepId firstAffected = firstAffected(ctx, affected);
        if (ctx.json()) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (ImportResult r : results) {
                ObjectNode n = arr.addObject();
                n.put("file", r.originalName());
                n.put("kind", r.kind().name());
                n.put("accepted", r.accepted());
                n.put("destination", r.destination() == null ? null : r.destination().toString());
                n.put("message", r.message());
                ArrayNode steps = n.putArray("affectedSteps");
                r.affectedSteps().forEach(id -> steps.add(id.name()));
            }
            ctx.out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
        } else {
            for (ImportResult r : results) {
                ctx.out().println((r.accepted() ? "  ok      " : "  refused ") + r.originalName() + ": " + r.message());
            }
            if (firstAffected != null) {
                ctx.out().println("To apply: visomaster-launcher provision --from " + firstAffected);
            }
        }
        return results.stream().allMatch(ImportResult::accepted) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The step to re-run from; null when none (or when a bad launcher.json keeps the steps from being known). */
    private static StepId firstAffected(CliContext ctx, Set<StepId> affected) {
        try {
            return ctx.provision().firstAffected(affected).orElse(null);
        } catch (ConfigException e) {
            LOG.debug("no step to re-run is named: the configuration does not load", e);
            return null;
        }
    }
}
