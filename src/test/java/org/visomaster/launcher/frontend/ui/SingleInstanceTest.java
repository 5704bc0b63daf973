package org.visomaster.launcher.frontend.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.frontend.app.Main;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.workspace.Workspace;

class SingleInstanceTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondStartHandsItsRequestsToTheFirst() throws Exception {
        Path socket = SingleInstance.socketPath(new Workspace(tmp));
        assertEquals(tmp.resolve(".launcher/gui.sock"), socket);
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (SingleInstance first = SingleInstance.listen(socket)) {
            assertNotNull(first);
            assertNull(SingleInstance.listen(socket), "only one instance may listen");
            assertTrue(SingleInstance.send(socket, List.of("show", "launch")));
            // held until the window is ready, then delivered in order
            first.setHandler(got::add);
            assertEquals("show", got.poll(5, TimeUnit.SECONDS));
            assertEquals("launch", got.poll(5, TimeUnit.SECONDS));
            assertTrue(SingleInstance.send(socket, List.of("show")));
            assertEquals("show", got.poll(5, TimeUnit.SECONDS));
        }
        assertFalse(Files.exists(socket), "closing removes the socket");
        assertFalse(SingleInstance.send(socket, List.of("show")));
    }

    @Test
    void aSocketLeftByADeadInstanceIsReplaced() throws Exception {
        Path socket = SingleInstance.socketPath(new Workspace(tmp));
        Files.createDirectories(socket.getParent());
        // a bound socket file whose owner is gone (closing a channel leaves the file behind)
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close();
        assertTrue(Files.exists(socket));
        assertFalse(SingleInstance.send(socket, List.of("show")));
        try (SingleInstance fresh = SingleInstance.listen(socket)) {
            assertNotNull(fresh);
            LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
            fresh.setHandler(got::add);
            assertTrue(SingleInstance.send(socket, List.of("show")));
            assertEquals("show", got.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aVeryLongWorkspacePathUsesAShortSocketName() {
        Path deep = tmp.resolve("a".repeat(60)).resolve("b".repeat(60));
        Path socket = SingleInstance.socketPath(new Workspace(deep));
        assertTrue(socket.toString().length() < 100, socket.toString());
        assertEquals(socket, SingleInstance.socketPath(new Workspace(deep)), "the same workspace, the same socket");
    }

    @Test
    void guiWhenAWindowIsAlreadyOpenBringsItForwardAndExitsZero() throws Exception {
        Path socket = SingleInstance.socketPath(new Workspace(tmp));
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (SingleInstance first = SingleInstance.listen(socket)) {
            first.setHandler(got::add);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"--workspace", tmp.toString(), "gui", "--launch"},
                    HostEnvironment.system(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertEquals(0, code);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("already open"), out.toString());
            assertEquals("show", got.poll(5, TimeUnit.SECONDS));
            assertEquals("launch", got.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void withoutACommandTheWindowsOptionsStillReachIt() throws Exception {
        Path socket = SingleInstance.socketPath(new Workspace(tmp));
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (SingleInstance first = SingleInstance.listen(socket)) {
            first.setHandler(got::add);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // gui is the default command, and --launch is its option: no command name needed
            int code = Main.run(new String[] {"--launch", "--workspace", tmp.toString()}, HostEnvironment.system(),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertEquals(0, code);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("asked it to launch VisoMaster"), out.toString());
            assertEquals("show", got.poll(5, TimeUnit.SECONDS));
            assertEquals("launch", got.poll(5, TimeUnit.SECONDS));
            assertTrue(Files.exists(tmp.resolve("logs/launcher.log")), "the default command logs like any other");
        }
    }

    @Test
    void anUnknownGuiOptionIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--workspace", tmp.toString(), "gui", "--bogus"},
                HostEnvironment.system(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("visomaster-launcher gui: Unknown option: '--bogus'"),
                err.toString());
    }
}
