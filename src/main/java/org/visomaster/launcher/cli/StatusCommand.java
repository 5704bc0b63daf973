package org.visomaster.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.visomaster.launcher.models.ModelStatus;
import org.visomaster.launcher.models.ModelsReport;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.provision.Cancellation;
import org.visomaster.launcher.provision.EventSink;
import org.visomaster.launcher.provision.ProvisionRunner;
import org.visomaster.launcher.provision.StateStore;
import org.visomaster.launcher.provision.Step;
import org.visomaster.launcher.provision.StepCatalog;
import org.visomaster.launcher.provision.StepContext;
import org.visomaster.launcher.provision.StepRecord;
import org.visomaster.launcher.selftest.GpuReport;
import org.visomaster.launcher.util.Json;
import org.visomaster.launcher.workspace.LauncherConfig;
import org.visomaster.launcher.workspace.Workspace;

/** `status`: where each step stands, the source ref, the environment's Python, the models, the GPU and its wheels. */
final class StatusCommand implements Command {
    @Override
    public String name() {
        return "status";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public String summary() {
        return "show each step's state, the source ref, the environment's Python and the models";
    }

    @Override
    public int run(CliContext ctx) throws Exception {
        ctx.allowOptions(Set.of());
        LauncherConfig config = ctx.config();
        Workspace ws = ctx.workspace();
        StateStore state = new StateStore(ws.stateFile());
        Map<String, StepRecord> records = ProvisionRunner.stepRecords(state);
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("workspace", ws.root().toString());
        report.put("profile", config.profile());
        boolean complete = true;
        ObjectNode steps = report.putObject("steps");
        for (Step s : StepCatalog.standard()) {
            boolean done = isDone(s, ws, config, ctx.host(), state);
            complete &= done;
            ObjectNode n = steps.putObject(s.id());
            n.put("title", s.title());
            n.put("done", done);
            StepRecord r = records.get(s.id());
            n.put("lastStatus", r == null ? "never run" : r.status().label());
            n.put("lastDetail", r == null ? "" : r.detail());
            n.put("finishedAt", r == null || r.finishedAt() == null ? "" : r.finishedAt().toString());
        }
        report.put("complete", complete);
        for (String section : List.of("source", "python", "requirements")) {
            JsonNode n = state.snapshot().get(section);
            if (n != null) {
                report.set(section, n);
            }
        }
        report.set("models", modelsSummary(ws, config, ctx.host(), state));
        GpuReport gpu = GpuReport.of(config, ctx.host(), state);
        report.set("gpu", gpu.json());
        if (ctx.json()) {
            ctx.out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            printText(ctx, report);
            ctx.out().println();
            ctx.out().println("gpu:");
            gpu.lines().forEach(l -> ctx.out().println("  " + (l.level().equals("ok") ? "" : l.level() + ": ")
                    + l.text()));
        }
        return ExitCodes.OK;
    }

    /** Counts of the manifest's models by state, from the verified cache (no hashing). */
    private static ObjectNode modelsSummary(Workspace ws, LauncherConfig config, HostEnvironment host,
                                            StateStore state) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        try {
            List<ModelStatus> models = ModelsReport.list(new StepContext(ws, config, host, state, EventSink.NONE,
                    new Cancellation(), "models"), false);
            n.put("total", models.size());
            for (ModelStatus.State st : ModelStatus.State.values()) {
                n.put(st.name().toLowerCase(), models.stream().filter(m -> m.state() == st).count());
            }
        } catch (Exception e) {
            n.put("note", e.getMessage());
        }
        return n;
    }

    private static boolean isDone(Step s, Workspace ws, LauncherConfig config, HostEnvironment host,
                                  StateStore state) {
        try {
            return s.isDone(new StepContext(ws, config, host, state, EventSink.NONE, new Cancellation(), s.id()));
        } catch (Exception e) {
            return false;
        }
    }

    private static void printText(CliContext ctx, ObjectNode r) {
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
        for (String section : List.of("source", "python", "requirements", "models")) {
            JsonNode n = r.get(section);
            if (n != null && n.isObject()) {
                out.println();
                out.println(section + ":");
                n.fields().forEachRemaining(f -> {
                    if (f.getValue().isValueNode()) {
                        out.println("  " + f.getKey() + ": " + f.getValue().asText());
                    }
                });
            }
        }
    }
}
