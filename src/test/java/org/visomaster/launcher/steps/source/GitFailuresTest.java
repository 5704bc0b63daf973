package org.visomaster.launcher.steps.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.UnknownHostException;
import org.eclipse.jgit.api.errors.TransportException;
import org.junit.jupiter.api.Test;

class GitFailuresTest {
    private static final String URL = "https://github.com/VisoMasterFusion/VisoMaster-Fusion.git";

    @Test
    void anUnresolvedHostIsSaidAsSuch() {
        // what JGit throws offline: the URL, then an UnknownHostException whose message is the bare host
        Exception e = new TransportException(URL + ": github.com", new UnknownHostException("github.com"));
        assertEquals("Could not reach " + URL + ": the name github.com does not resolve (no network, or no DNS)."
                + " Check the network or set VISO_REPO_URL to a mirror.", GitFailures.unreachable(URL, e));
    }

    @Test
    void otherwiseTheMostSpecificMessageWithoutTheUrl() {
        Exception e = new TransportException(URL + ": not authorized.");
        assertEquals("Could not reach " + URL + ": not authorized. Check the network or set VISO_REPO_URL to a mirror.",
                GitFailures.unreachable(URL, e));
    }
}
