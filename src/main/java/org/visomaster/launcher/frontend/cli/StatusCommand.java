package org.visomaster.launcher.frontend.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.visomaster.launcher.engine.GpuView;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.StatusReport;
import org.visomaster.launcher.infra.util.Json;
import picocli.CommandLine.Command;

/** `status`: where each step stands, what it needs, what each reports (source ref, Python, models), the GPU and its
 * wheels. */
@Command(name = "status", description = "Shows each step's state, the source ref, the environment's Python, the"
        + " models, the GPU and its wheel variant.")
public final class StatusCommand extends WorkspaceCommand {
    @Override
    protected int run(CliContext ctx) throws Exception {
        ProvisionService service = ctx.provision();
        StatusReport status = service.report();
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("workspace", service.workspace().root().toString());
        report.put("profile", service.config().profile());
        ObjectNode steps = report.putObject("steps");
        for (StatusReport.Entry e : status.steps()) {
            ObjectNode n = steps.putObject(e.id().name());
            n.put("title", e.title());
            n.put("done", e.done());
            var needs = n.putArray("needs");
            e.needs().forEach(id -> needs.add(id.name()));
            n.put("lastStatus", e.last() == null ? "never run" : e.last().status().label());
            n.put("lastDetail", e.last() == null ? "" : e.last().detail());
            n.put("finishedAt", e.last() == null || e.last().finishedAt() == null ? ""
                    : e.last().finishedAt().toString());
        }
        report.put("complete", status.complete());
        for (StatusReport.Entry e : status.steps()) {
            if (e.facts() != null) {
                report.set(e.id().name(), e.facts());
            }
        }
        GpuView gpu = service.gpu();
        report.set("gpu", gpu.json());
        ObjectNode guard = GuardReport.build(service.workspace(), ctx.host(), java.time.Clock.systemUTC());
        report.set("guard", guard);
        report.set("stack", StackLines.json(ctx, service));
        if (ctx.json()) {
            ctx.out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            printText(ctx, report, status);
            ctx.out().println();
            ctx.out().println("gpu:");
            gpu.lines().forEach(l -> ctx.out().println("  " + (l.level().equals("ok") ? "" : l.level() + ": ")
                    + l.text()));
            ctx.out().println();
            ctx.out().println("stack:");
            StackLines.lines(ctx, service).forEach(l -> ctx.out().println("  " + l));
            ctx.out().println();
            GuardReport.print(ctx.out(), guard);
        }
        return ExitCodes.OK;
    }

    private static void printText(CliContext ctx, ObjectNode r, StatusReport status) {
        var out = ctx.out();
        out.println("Workspace: " + r.get("workspace").asText() + "  (profile " + r.get("profile").asText() + ")");
        out.println(r.get("complete").asBoolean() ? "VisoMaster is installed and verified."
                : "VisoMaster is not fully installed yet: run `visomaster-launcher provision`.");
        out.println();
        r.get("steps").fields().forEachRemaining(e -> {
            JsonNode n = e.getValue();
            out.printf("  %-13s %-9s %s%n", e.getKey(), n.get("done").asBoolean() ? "done" : "not done",
                    "last: " + n.get("lastStatus").asText()
                            + (n.get("lastDetail").asText().isEmpty() ? "" : " — " + n.get("lastDetail").asText()));
        });
        for (StatusReport.Entry e : status.steps()) {
            JsonNode n = e.facts();
            if (n != null && n.isObject()) {
                out.println();
                out.println(e.id() + ":");
                n.fields().forEachRemaining(f -> {
                    if (f.getValue().isValueNode()) {
                        out.println("  " + f.getKey() + ": " + f.getValue().asText());
                    }
                });
            }
        }
    }
}
