package org.visomaster.launcher.steps.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.engine.StepStatus;

class SourceStepTest {
    @TempDir
    Path tmp;
    Upstream up;
    GitTestSupport t;
    final SourceStep step = new SourceStep();

    @BeforeEach
    void setUp() throws Exception {
        up = Upstream.create(tmp.resolve("upstream"));
        t = new GitTestSupport(tmp.resolve("ws"));
    }

    @AfterEach
    void tearDown() {
        up.close();
    }

    private Path src() {
        return t.ws.source();
    }

    private String head() throws IOException {
        try (Git g = Git.open(src().toFile())) {
            return g.getRepository().resolve(Constants.HEAD).name();
        }
    }

    private String branch() throws IOException {
        try (Git g = Git.open(src().toFile())) {
            return g.getRepository().getFullBranch();
        }
    }

    private List<String> workspaceEntries() throws IOException {
        try (Stream<Path> s = Files.list(t.ws.root())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void freshCloneAtTagIsDetachedAtTheTagAndRecorded() throws Exception {
        RevCommit v1 = up.commit("main.py", "print('v1.1')\n", "release");
        up.tag("v1");
        up.commit("main.py", "print('after v1')\n", "later work");
        StepContext ctx = t.ctx(up.url(), "v1");
        assertFalse(step.isDone(ctx));

        StepOutcome out = step.run(ctx);

        assertEquals(StepStatus.DONE, out.status());
        assertEquals(v1.name(), head());
        assertEquals(v1.name(), branch(), "a tag is checked out detached");
        assertEquals("print('v1.1')\n", Files.readString(src().resolve("main.py")));
        SourceState state = ctx.state().get(SourceState.SECTION, SourceState.class);
        assertEquals(new SourceState("clone", up.url(), "v1", "tag", v1.name(), out.detail() + ", version v1",
                "upstream", "v1", null, null), state);
        assertTrue(step.isDone(t.ctx(up.url(), "v1")));
        assertFalse(workspaceEntries().stream().anyMatch(n -> n.startsWith(".VisoMaster.cloning")),
                "no temporary clone folder is left: " + workspaceEntries());
    }

    @Test
    void branchIsFastForwardedWhenUpstreamMoves() throws Exception {
        StepContext ctx = t.ctx(up.url(), "main");
        step.run(ctx);
        assertEquals("refs/heads/main", branch());
        assertTrue(step.isDone(t.ctx(up.url(), "main")));

        RevCommit newer = up.commit("app/new.py", "x = 1\n", "new upstream work");
        // isDone is offline: a moved branch is only picked up by an explicit run (--only source / Repair)
        assertTrue(step.isDone(t.ctx(up.url(), "main")));
        StepOutcome out = step.run(t.ctx(up.url(), "main"));

        assertEquals(StepStatus.DONE, out.status());
        assertTrue(out.detail().contains("fast-forwarded"), out.detail());
        assertEquals(newer.name(), head());
        assertEquals("refs/heads/main", branch());
        assertTrue(Files.exists(src().resolve("app/new.py")));
        try (Git g = Git.open(src().toFile())) {
            assertEquals(2, countCommits(g), "no merge commit is made");
        }
        assertEquals(newer.name(), t.ctx(up.url(), "main").state().get("source", SourceState.class).commit());
    }

    private static int countCommits(Git g) throws Exception {
        int n = 0;
        for (RevCommit ignored : g.log().call()) {
            n++;
        }
        return n;
    }

    @Test
    void abbreviatedCommitIsCheckedOutAndATagLaterMovesIt() throws Exception {
        RevCommit pinned = up.commit("main.py", "print('pinned')\n", "pinned");
        up.commit("main.py", "print('newer')\n", "newer");
        up.tag("v2");
        String abbreviated = pinned.name().substring(0, 10);

        step.run(t.ctx(up.url(), abbreviated));
        assertEquals(pinned.name(), head());
        assertEquals("print('pinned')\n", Files.readString(src().resolve("main.py")));
        assertTrue(step.isDone(t.ctx(up.url(), abbreviated)));
        assertFalse(step.isDone(t.ctx(up.url(), "v2")));

        step.run(t.ctx(up.url(), "v2"));
        assertEquals("print('newer')\n", Files.readString(src().resolve("main.py")));
        assertTrue(step.isDone(t.ctx(up.url(), "v2")));
    }

    @Test
    void localModificationsAreStashedAndTheUserIsTold() throws Exception {
        up.tag("v1");
        up.commit("main.py", "print('v2')\n", "v2");
        up.tag("v2");
        step.run(t.ctx(up.url(), "v1"));
        Files.writeString(src().resolve("main.py"), "print('my local fix')\n");
        Files.createDirectories(src().resolve("model_assets"));
        Files.writeString(src().resolve("model_assets/big.onnx"), "weights");
        Files.writeString(src().resolve("notes.txt"), "mine");

        StepOutcome out = step.run(t.ctx(up.url(), "v2"));

        assertEquals(StepStatus.WARNING, out.status());
        assertEquals("print('v2')\n", Files.readString(src().resolve("main.py")));
        assertEquals("weights", Files.readString(src().resolve("model_assets/big.onnx")), "untracked files stay");
        assertEquals("mine", Files.readString(src().resolve("notes.txt")));
        String warning = t.warnings().get(0);
        assertTrue(warning.contains("stash@{0}") && warning.contains("stash pop"), warning);
        try (Git g = Git.open(src().toFile())) {
            assertEquals(1, g.stashList().call().size());
            // the saved change is really in the stash: apply it and read it back
            g.checkout().setName("v1").call();
            g.stashApply().call();
        }
        assertEquals("print('my local fix')\n", Files.readString(src().resolve("main.py")));
    }

    @Test
    void modificationsAreLeftAloneWhenNothingHasToMove() throws Exception {
        up.tag("v1");
        step.run(t.ctx(up.url(), "v1"));
        Files.writeString(src().resolve("main.py"), "print('edited')\n");

        StepOutcome out = step.run(t.ctx(up.url(), "v1"));

        assertEquals(StepStatus.DONE, out.status());
        assertEquals("print('edited')\n", Files.readString(src().resolve("main.py")));
        try (Git g = Git.open(src().toFile())) {
            assertTrue(g.stashList().call().isEmpty());
        }
    }

    @Test
    void branchWithLocalCommitsIsNotForcedAndUserIsWarned() throws Exception {
        step.run(t.ctx(up.url(), "main"));
        RevCommit local;
        try (Git g = Git.open(src().toFile())) {
            Files.writeString(src().resolve("mine.py"), "y = 2\n");
            g.add().addFilepattern("mine.py").call();
            local = g.commit().setMessage("my work").setAuthor(Upstream.AUTHOR).setCommitter(Upstream.AUTHOR).call();
        }
        up.commit("app/other.py", "z = 3\n", "upstream work");

        StepOutcome out = step.run(t.ctx(up.url(), "main"));

        assertEquals(StepStatus.WARNING, out.status());
        assertEquals(local.name(), head());
        assertTrue(Files.exists(src().resolve("mine.py")));
        assertFalse(Files.exists(src().resolve("app/other.py")));
        assertTrue(t.warnings().get(0).contains("diverged") && t.warnings().get(0).contains("left untouched"),
                t.warnings().get(0));
    }

    @Test
    void theLaunchersOwnCloneOfAnotherRemoteIsMovedAsideNotReplaced() throws Exception {
        try (Upstream fork = Upstream.create(tmp.resolve("fork"))) {
            assertEquals(StepStatus.DONE, step.run(t.ctx(fork.url(), "main")).status(), "the launcher clones the fork");
            Files.writeString(src().resolve("precious.txt"), "keep me");

            StepOutcome out = step.run(t.ctx(up.url(), "main"));

            assertEquals(StepStatus.WARNING, out.status());
            Path moved = movedFolder();
            assertEquals("keep me", Files.readString(moved.resolve("precious.txt")));
            try (Git g = Git.open(src().toFile())) {
                assertTrue(RemoteUrls.same(up.url(), GitOps.originUrl(g)));
            }
            assertTrue(t.warnings().get(0).contains(moved.toString()), t.warnings().get(0));
        }
    }

    @Test
    void aCloneOfAnotherForkThatYouMadeIsUsedAsItIsWithoutReachingAnyRemote() throws Exception {
        try (Upstream fork = Upstream.create(tmp.resolve("fork"))) {
            fork.commit("version.json", "{\"version\": \"9.9.9\"}\n", "bump");
            Files.createDirectories(t.ws.root());
            Git.cloneRepository().setURI(fork.url()).setDirectory(src().toFile()).call().close();
            Files.createDirectories(src().resolve("app"));
            Files.writeString(src().resolve("main.py"), "print('my fork')\n");
            String nowhere = tmp.resolve("no-such-remote").toUri().toString();
            StepContext ctx = t.ctx(nowhere, "main");
            assertTrue(SourceStep.usedWithoutRemote(ctx).isPresent(), "preflight does not check the remote");
            assertTrue(step.plan(ctx).contains("as you provided it"), step.plan(ctx));

            StepOutcome out = step.run(ctx);

            assertEquals(StepStatus.DONE, out.status(), out.detail());
            SourceState state = ctx.state().get(SourceState.SECTION, SourceState.class);
            assertEquals(SourceState.USER_PROVIDED, state.mode());
            assertTrue(RemoteUrls.same(fork.url(), state.remote()), state.remote());
            assertEquals("9.9.9", state.version());
            assertEquals(List.of(), workspaceEntries().stream().filter(n -> n.contains(".moved-")).toList());
            assertEquals("print('my fork')\n", Files.readString(src().resolve("main.py")));
            assertTrue(step.isDone(t.ctx(nowhere, "main")));
        }
    }

    private Path movedFolder() throws IOException {
        List<String> moved = workspaceEntries().stream().filter(n -> n.startsWith("VisoMaster.moved-")).toList();
        assertEquals(1, moved.size(), "exactly one folder moved aside: " + workspaceEntries());
        return t.ws.root().resolve(moved.get(0));
    }

    @Test
    void userProvidedFolderIsUsedAsIsAndStaysDone() throws Exception {
        Files.createDirectories(src().resolve("app"));
        Files.writeString(src().resolve("main.py"), "print('my own copy')\n");
        StepContext ctx = t.ctx(up.url(), "main");
        assertFalse(step.isDone(ctx));
        assertTrue(step.plan(ctx).contains("as you provided it"), step.plan(ctx));

        StepOutcome out = step.run(ctx);

        assertEquals(StepStatus.DONE, out.status());
        assertEquals("user-provided", ctx.state().get("source", SourceState.class).mode());
        assertEquals("unknown", ctx.state().get("source", SourceState.class).version());
        assertTrue(out.detail().contains("as it is"), out.detail());
        assertEquals("print('my own copy')\n", Files.readString(src().resolve("main.py")));
        assertFalse(Files.exists(src().resolve(".git")));
        assertTrue(step.isDone(t.ctx(up.url(), "main")));
    }

    @Test
    void foreignFolderIsMovedAsideAndVisoMasterCloned() throws Exception {
        Files.createDirectories(src());
        Files.writeString(src().resolve("notes.txt"), "not VisoMaster");

        StepOutcome out = step.run(t.ctx(up.url(), "main"));

        assertEquals(StepStatus.WARNING, out.status());
        assertEquals("not VisoMaster", Files.readString(movedFolder().resolve("notes.txt")));
        assertEquals("print('VisoMaster v1')\n", Files.readString(src().resolve("main.py")));
        assertTrue(t.warnings().get(0).contains("did not look like VisoMaster"), t.warnings().get(0));
    }

    @Test
    void emptyFolderIsTreatedAsAbsent() throws Exception {
        Files.createDirectories(src());
        StepOutcome out = step.run(t.ctx(up.url(), "main"));
        assertEquals(StepStatus.DONE, out.status());
        assertTrue(Files.exists(src().resolve("main.py")));
    }

    @Test
    void unreachableRemoteGivesOneSentenceAndLeavesNothingBehind() throws Exception {
        String url = tmp.resolve("no-such-repo").toUri().toString();
        StepFailedException e = assertThrows(StepFailedException.class, () -> step.run(t.ctx(url, "main")));

        assertTrue(e.getMessage().startsWith("Could not reach " + url + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("Check the network or set VISO_REPO_URL to a mirror."), e.getMessage());
        assertFalse(Files.exists(src()));
        assertTrue(workspaceEntries().stream().noneMatch(n -> n.startsWith(".VisoMaster.cloning")),
                workspaceEntries().toString());
    }

    @Test
    void unknownRefIsNamed() throws Exception {
        StepFailedException e = assertThrows(StepFailedException.class, () -> step.run(t.ctx(up.url(), "v9.9")));
        assertTrue(e.getMessage().contains("\"v9.9\" is not a branch, tag or commit"), e.getMessage());
        assertFalse(Files.exists(src()), "no half clone under the final name");
    }

    @Test
    void unfinishedCloneFromAKilledRunIsResumed() throws Exception {
        up.tag("v1");
        // what a run killed after "init" and part of the fetch leaves behind
        Path stale = t.ws.root().resolve(CloneOperation.TEMP_PREFIX + "20240101-000000");
        Files.createDirectories(stale);
        try (Git g = Git.init().setDirectory(stale.toFile()).call()) {
            g.getRepository().getConfig().setString("remote", "origin", "url", up.url());
            g.getRepository().getConfig().setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            g.getRepository().getConfig().save();
        }

        StepOutcome out = step.run(t.ctx(up.url(), "v1"));

        assertEquals(StepStatus.DONE, out.status());
        assertTrue(Files.exists(src().resolve("main.py")));
        assertEquals(List.of(".launcher", "VisoMaster"), workspaceEntries());
    }

    @Test
    void unfinishedCloneOfAnotherRemoteIsMovedAside() throws Exception {
        Path stale = t.ws.root().resolve(CloneOperation.TEMP_PREFIX + "20240101-000000");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("leftover"), "x");

        step.run(t.ctx(up.url(), "main"));

        assertEquals("x", Files.readString(movedFolder().resolve("leftover")));
        assertTrue(Files.exists(src().resolve("main.py")));
        assertTrue(t.warnings().get(0).contains("unfinished clone"), t.warnings().get(0));
    }

    @Test
    void cancelledCloneLeavesNoHalfCloneAndTheNextRunFinishes() throws Exception {
        Cancellation cancelled = new Cancellation();
        cancelled.cancel();
        assertThrows(Cancellation.CancelledException.class, () -> step.run(t.ctx(up.url(), "main", cancelled)));
        assertFalse(Files.exists(src()), "nothing under the final name");

        assertEquals(StepStatus.DONE, step.run(t.ctx(up.url(), "main")).status());
        assertEquals(List.of(".launcher", "VisoMaster"), workspaceEntries());
    }

    @Test
    void isDoneIsFalseForAnotherRemoteOrNoState() throws Exception {
        up.tag("v1");
        step.run(t.ctx(up.url(), "v1"));
        assertTrue(step.isDone(t.ctx(up.url(), "v1")));
        assertFalse(step.isDone(t.ctx(tmp.resolve("elsewhere").toUri().toString(), "v1")));
        step.run(t.ctx(up.url(), "main"));
        t.ctx(up.url(), "main").state().put("source", null);
        assertFalse(step.isDone(t.ctx(up.url(), "main")), "a branch without a recorded run is not done");
        assertNull(t.ctx(up.url(), "main").state().get("source", SourceState.class));
        assertNotNull(step.plan(t.ctx(up.url(), "main")));
    }
}
