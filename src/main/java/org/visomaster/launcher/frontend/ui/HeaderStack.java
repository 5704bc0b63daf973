package org.visomaster.launcher.frontend.ui;

import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.steps.source.GoodVersions;
import org.visomaster.launcher.steps.source.SourceState;
import org.visomaster.launcher.steps.source.UpdateCheck;
import org.visomaster.launcher.steps.stack.InstallStack;

/**
 * The window header's line about what is installed, its tooltip naming each choice and its source, and the newer
 * version this host runs ({@code update}; null when there is none), and the last version that passed the self-test
 * on this GPU other than the installed one ({@code rollback}; null when there is none).
 */
record HeaderStack(String text, String details, String update, GoodVersions.Good rollback) {
    static HeaderStack of(GuiServices services) {
        InstallStack stack = InstallStack.resolve(services.config(), services.workspace().source());
        List<String> details = new ArrayList<>();
        details.add("profile " + services.config().profile() + ": " + services.config().repoUrl() + " at "
                + services.config().ref());
        details.addAll(stack.lines());
        SourceState source = services.provision().state().get(SourceState.SECTION, SourceState.class);
        String chosen = "";
        if (source != null && source.hostChoice() != null) {
            details.add("chosen by this host: " + source.hostChoice());
            chosen = " · chosen for this host";
        }
        if (source != null && SourceState.USER_PROVIDED.equals(source.mode())) {
            chosen = " · your own copy, used as it is";
        }
        UpdateCheck.UpdateState updates = UpdateCheck.check(services.workspace(), services.config(),
                services.host(), services.provision().state(), UpdateCheck.EVERY, Clock.systemUTC());
        details.add(updates.sentence());
        String offline = updates.offline() ? " · offline" : "";
        return new HeaderStack("VisoMaster (" + services.config().profile() + ") " + stack.headline() + chosen + offline,
                String.join("\n", details), updates.available() ? updates.newest() : null,
                GoodVersions.rollbackTarget(services.provision().state(),
                        GpuFactsProbe.probe(services.host()).identity()).orElse(null));
    }
}
