package org.visomaster.launcher.frontend.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.Sha256;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * One window per workspace. The first {@code gui} listens on a unix-domain socket ({@code .launcher/gui.sock}); a
 * second start connects, sends its requests ("show", "launch") one per line and exits. Messages that arrive before
 * the window is ready are held until a handler is set.
 */
final class SingleInstance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleInstance.class);

    /** Longest socket path the kernel accepts is 107 bytes; longer workspace paths use a hashed name in /tmp. */
    private static final int MAX_PATH = 100;

    private final Path socket;
    private final ServerSocketChannel server;
    private final List<String> held = new ArrayList<>();
    private Consumer<String> handler;
    private volatile boolean closed;

    private SingleInstance(Path socket, ServerSocketChannel server) {
        this.socket = socket;
        this.server = server;
        Thread t = new Thread(this::acceptLoop, "gui-single-instance");
        t.setDaemon(true);
        t.start();
    }

    public static Path socketPath(Workspace ws) {
        Path p = ws.stateDir().resolve("gui.sock");
        if (p.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH) {
            return p;
        }
        String hash = Sha256.ofString(ws.root().toString()).substring(0, 16);
        return Path.of(System.getProperty("java.io.tmpdir"), "visomaster-launcher-" + hash + ".sock");
    }

    /**
     * Hands {@code messages} to a running instance. True when one took them; false when none is listening (a
     * socket file left by a crashed instance counts as none).
     */
    public static boolean send(Path socket, List<String> messages) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write((String.join("\n", messages) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            ch.shutdownOutput();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            return "ok".equals(in.readLine());
        } catch (ConnectException e) {
            LOG.debug("no window listens on {}", socket, e);
            return false;
        } catch (IOException e) {
            LOG.debug("the window on {} did not answer", socket, e);
            return false;
        }
    }

    /**
     * Becomes the instance for this socket. Returns null when another instance is already listening (then the caller
     * should {@link #send} to it instead).
     */
    public static SingleInstance listen(Path socket) throws IOException {
        Files.createDirectories(socket.getParent());
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            LOG.debug("{} is taken; asking whether a window still listens there", socket, e);
            if (send(socket, List.of("ping"))) {
                server.close();
                return null;
            }
            // nobody answers: the file was left by an instance that died; it is our own socket, replace it
            Files.deleteIfExists(socket);
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        return new SingleInstance(socket, server);
    }

    /** Where messages go from now on (on the listener's thread); held messages are delivered first. */
    public void setHandler(Consumer<String> h) {
        List<String> pending;
        synchronized (this) {
            handler = h;
            pending = new ArrayList<>(held);
            held.clear();
        }
        pending.forEach(h);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                // one short-lived thread per caller, so a caller that never finishes cannot block the next one
                Thread t = new Thread(() -> serve(ch), "gui-single-instance-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                LOG.warn("a second start could not reach this window through {}", socket, e);
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (SocketChannel ch = channel) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null && lines.size() < 16; line = in.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line.trim());
                }
            }
            OutputStream out = Channels.newOutputStream(ch);
            out.write("ok\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            lines.stream().filter(l -> !"ping".equals(l)).forEach(this::deliver);
        } catch (IOException e) {
            LOG.debug("a second start went away before its request was read; nothing to deliver", e);
        }
    }

    private void deliver(String message) {
        Consumer<String> h;
        synchronized (this) {
            h = handler;
            if (h == null) {
                held.add(message);
                return;
            }
        }
        h.accept(message);
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the window's socket {} failed; closing anyway", socket, e);
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("{} stays behind; the next start replaces it", socket, e);
        }
    }
}
