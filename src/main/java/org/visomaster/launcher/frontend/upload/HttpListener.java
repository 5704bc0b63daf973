package org.visomaster.launcher.frontend.upload;

import java.io.IOException;
import java.net.BindException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty on 127.0.0.1, set up against slow and hostile clients; hands each request to the page as an
 * {@link Exchange}. Why Jetty and not the JDK's HttpServer: that one has no idle timeout and parses request heads
 * on its few handler threads, so eight slow clients hung the page. Here a connection waiting for bytes holds no
 * thread, every connection idles out after {@link UploadSettings#idleTimeout}, a request head must be complete
 * within {@link UploadSettings#headerTimeout} ({@link HeaderDeadline}), and threads and connections are capped.
 */
final class HttpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
    /** Threads that answer requests; only uploads, downloads and event streams hold one for long. */
    static final int MAX_THREADS = 64;
    static final int MAX_CONNECTIONS = 256;

    private final Server server;
    private final ServerConnector connector;
    private final HeaderDeadline deadline;

    private HttpListener(Server server, ServerConnector connector, HeaderDeadline deadline) {
        this.server = server;
        this.connector = connector;
        this.deadline = deadline;
    }

    static HttpListener start(UploadSettings settings, Consumer<Exchange> page) throws IOException {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 2);
        pool.setName("upload-http");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        // a daemon scheduler, like the pool: a page someone forgot to stop never keeps the JVM alive
        Server s = new Server(pool, new ScheduledExecutorScheduler("upload-http-scheduler", true), null);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // the page judges raw paths itself (UploadNames, OutputFiles) and answers with a sentence
        http.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector c = new ServerConnector(s, 1, 1, new HttpConnectionFactory(http));
        c.setHost("127.0.0.1");
        c.setPort(settings.port());
        c.setIdleTimeout(settings.idleTimeout().toMillis());
        c.setAcceptQueueSize(64);
        HeaderDeadline d = new HeaderDeadline(settings.headerTimeout());
        c.addEventListener(d);
        s.addConnector(c);
        s.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, c));
        s.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Connection connection = request.getConnectionMetaData().getConnection();
                d.requestStarted(connection);
                page.accept(new Exchange(request, response, Callback.from(() -> d.requestEnded(connection),
                        callback)));
                return true;
            }
        });
        s.setErrorHandler(new JsonErrorHandler());
        s.setStopTimeout(0);
        try {
            s.start();
        } catch (Exception e) {
            d.close();
            stopQuietly(s);
            if (hasCause(e, BindException.class)) {
                throw new IOException("Port " + settings.port() + " on 127.0.0.1 is already in use (is the launcher "
                        + "window or another `serve` running?); stop it, or choose another port with --port, "
                        + "VISO_UPLOAD_PORT or \"uploadPort\" in launcher.json.", e);
            }
            throw e instanceof IOException io ? io : new IOException("The upload page could not start: " + e, e);
        }
        return new HttpListener(s, c, d);
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Cuts every open connection, as a laptop's sleep or a network change does (tests). */
    void dropConnections() {
        connector.getConnectedEndPoints().forEach(EndPoint::close);
    }

    @Override
    public void close() {
        deadline.close();
        stopQuietly(server);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(Server s) {
        try {
            s.stop();
        } catch (Exception e) {
            LOG.debug("stopping the upload server failed", e);
        }
    }
}
