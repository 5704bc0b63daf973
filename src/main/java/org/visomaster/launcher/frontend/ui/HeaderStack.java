package org.visomaster.launcher.frontend.ui;

import java.util.ArrayList;
import java.util.List;
import org.visomaster.launcher.steps.source.SourceState;
import org.visomaster.launcher.steps.stack.InstallStack;

/** The window header's line about what is installed, and its tooltip naming each choice and its source. */
record HeaderStack(String text, String details) {
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
        return new HeaderStack("VisoMaster (" + services.config().profile() + ") " + stack.headline() + chosen,
                String.join("\n", details));
    }
}
