package org.visomaster.launcher.frontend.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import java.time.Clock;
import org.visomaster.launcher.steps.source.GoodVersions;
import org.visomaster.launcher.steps.source.SourceState;
import org.visomaster.launcher.steps.source.UpdateCheck;
import org.visomaster.launcher.steps.stack.InstallStack;

/** The profile and the stack, each choice with where it came from: for `status` and `provision --dry-run`. */
final class StackLines {
    private StackLines() {
    }

    static List<String> lines(CliContext ctx, ProvisionService service) {
        var config = service.config();
        List<String> out = new ArrayList<>();
        out.add("profile: " + config.profile() + " (" + ConfigLoader.profileSource(service.workspace(),
                ctx.profileOption(), ctx.host().all()) + "): " + config.repoUrl() + " at " + config.ref());
        InstallStack stack = InstallStack.resolve(config, service.workspace().source());
        out.addAll(stack.lines());
        SourceState source = service.state().get(SourceState.SECTION, SourceState.class);
        if (source != null && source.hostChoice() != null) {
            out.add("chosen by this host: " + source.hostChoice());
        }
        if (source != null && SourceState.USER_PROVIDED.equals(source.mode())) {
            out.add("source: the VisoMaster you provided, used as it is (never fetched or updated)");
        }
        out.add("host: " + GpuFactsProbe.probe(service.host()).summary());
        GoodVersions.State versions = GoodVersions.read(service.state());
        if (versions.pinned() != null) {
            out.add("rolled back: held at " + versions.pinned().version() + " (" + versions.pinned().commit()
                    .substring(0, 7) + ") by provision --rollback; provision --update returns to the newest");
        }
        String gpu = GpuFactsProbe.probe(service.host()).identity();
        List<String> passed = versions.passed().stream().filter(g -> g.gpu().equals(gpu))
                .map(g -> g.version() + " (" + g.commit().substring(0, 7) + ")").toList();
        if (!passed.isEmpty()) {
            out.add("passed the self-test on this GPU: " + String.join(", ", passed));
        }
        out.add("updates: " + updates(service).sentence());
        return out;
    }

    /** At most one fetch per 30 minutes (the answer is kept in .launcher/updates.json). */
    static UpdateCheck.UpdateState updates(ProvisionService service) {
        return UpdateCheck.check(service.workspace(), service.config(), service.host(), service.state(),
                UpdateCheck.EVERY, Clock.systemUTC());
    }

    static ObjectNode json(CliContext ctx, ProvisionService service) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        var config = service.config();
        n.put("profile", config.profile());
        n.put("profileSource", ConfigLoader.profileSource(service.workspace(), ctx.profileOption(),
                ctx.host().all()));
        n.set("stack", Json.MAPPER.valueToTree(InstallStack.resolve(config, service.workspace().source())));
        n.set("lines", Json.MAPPER.valueToTree(lines(ctx, service)));
        n.set("updates", Json.MAPPER.valueToTree(updates(service)));
        return n;
    }
}
