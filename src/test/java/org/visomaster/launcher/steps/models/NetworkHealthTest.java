package org.visomaster.launcher.steps.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Which failures say "the network is down", and when enough of them prove it. */
class NetworkHealthTest {
    private static IOException wrapped(IOException cause) {
        IOException outer = new ConnectException("Failed to connect to github.com/140.82.121.4:443");
        outer.initCause(cause);
        return outer;
    }

    @Test
    void theCausesAreNamedThroughOkHttpsWrapping() {
        assertEquals("h:443 does not resolve (DNS failure)", NetworkHealth.cause("h:443", new UnknownHostException("h")));
        assertEquals("there is no route to h:443", NetworkHealth.cause("h:443", wrapped(new NoRouteToHostException())));
        assertEquals("there is no route to h:443",
                NetworkHealth.cause("h:443", wrapped(new ConnectException("Network is unreachable"))));
        assertEquals("h:443 refuses connections",
                NetworkHealth.cause("h:443", wrapped(new ConnectException("Connection refused"))));
        assertNull(NetworkHealth.cause("h:443", new SocketTimeoutException("timeout")), "a timeout is not proof");
    }

    @Test
    void oneFileAloneNeverTripsTwoFilesInARowDoAndProgressInBetweenResets() {
        NetworkHealth h = new NetworkHealth();
        IOException refused = wrapped(new ConnectException("Connection refused"));
        for (int i = 0; i < 10; i++) {
            assertNull(h.failed("a.onnx", "h:80", refused));
        }
        h.progressed();
        assertNull(h.failed("b.onnx", "h:80", refused));
        h.progressed(); // another file's bytes arrived: the network works
        assertNull(h.failed("c.onnx", "h:80", refused));
        String down = h.failed("d.onnx", "h:80", refused);
        assertTrue(down != null && down.contains("h:80 refuses connections"), String.valueOf(down));
        assertEquals(down, h.downSentence());
    }
}
