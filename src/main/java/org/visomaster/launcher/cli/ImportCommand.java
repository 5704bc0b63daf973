package org.visomaster.launcher.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.visomaster.launcher.provision.StepCatalog;
import org.visomaster.launcher.util.Json;
import org.visomaster.launcher.workspace.imports.ImportResult;
import org.visomaster.launcher.workspace.imports.ImportService;

/** `import FILE…`: places dropped files where VisoMaster and the steps expect them (same rules as the window). */
final class ImportCommand implements Command {
    @Override
    public String name() {
        return "import";
    }

    @Override
    public String usage() {
        return "FILE...";
    }

    @Override
    public String summary() {
        return "import files: requirements*.txt, dependency archives, models (.onnx .pth …, .dfm), anything else";
    }

    @Override
    public int run(CliContext ctx) throws Exception {
        ctx.allowOptions(Set.of());
        if (ctx.positional().isEmpty()) {
            throw new UsageException("name at least one file to import");
        }
        ctx.workspace().ensureLayout();
        ImportService service = new ImportService(ctx.workspace());
        List<ImportResult> results = new ArrayList<>();
        for (String name : ctx.positional()) {
            Path p = Path.of(name);
            results.add(service.importFile(p, p.getFileName() == null ? name : p.getFileName().toString()));
        }
        Set<String> affected = new TreeSet<>();
        results.stream().filter(ImportResult::accepted).forEach(r -> affected.addAll(r.affectedSteps()));
        String firstAffected = StepCatalog.ORDER.stream().filter(affected::contains).findFirst().orElse(null);
        if (ctx.json()) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (ImportResult r : results) {
                ObjectNode n = arr.addObject();
                n.put("file", r.originalName());
                n.put("kind", r.kind().name());
                n.put("accepted", r.accepted());
                n.put("destination", r.destination() == null ? null : r.destination().toString());
                n.put("message", r.message());
                r.affectedSteps().forEach(n.putArray("affectedSteps")::add);
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
}
