package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Refuses a redirect that moves a download from a server on a public address to one on a loopback, link-local or
 * private address (a release host must not be able to point the launcher at the box's own services or the cloud's
 * metadata endpoint). A mirror on a private network (first hop private) may redirect anywhere. The check looks at the
 * address each hop actually connected to, before the hop's request is sent, so nothing of the refused server's answer
 * is ever read. Requests carry their {@link Trail} as a tag; OkHttp copies tags onto the redirects it follows.
 */
final class RedirectGuard implements Interceptor {
    /** Whether a host, as reached at an address, counts as private. */
    interface Classifier {
        boolean isPrivate(String host, InetAddress address);
    }

    static final Classifier ADDRESSES = (host, address) -> isPrivate(address);

    /** Thrown when a redirect is refused; the message is the user's sentence (without the model's name). */
    static final class RefusedRedirect extends IOException {
        RefusedRedirect(String message) {
            super(message);
        }
    }

    /** The hops of one download request (mutable; one per request chain). */
    static final class Trail {
        private String lastPublicUrl;
        private boolean started;
    }

    private final Classifier classifier;

    RedirectGuard(Classifier classifier) {
        this.classifier = classifier;
    }

    static Request.Builder tagged(Request.Builder b) {
        return b.tag(Trail.class, new Trail());
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Trail trail = request.tag(Trail.class);
        Connection connection = chain.connection();
        if (trail == null || connection == null) {
            return chain.proceed(request);
        }
        InetSocketAddress to = connection.route().socketAddress();
        InetAddress address = to.getAddress();
        String host = request.url().host();
        boolean isPrivate = address == null || classifier.isPrivate(host, address);
        synchronized (trail) {
            if (trail.started && trail.lastPublicUrl != null && isPrivate) {
                throw new RefusedRedirect(trail.lastPublicUrl + " redirected to " + request.url().scheme() + "://"
                        + host + (address == null ? "" : " (" + address.getHostAddress() + ")")
                        + ", a private or local address; the launcher does not follow a public server into the local"
                        + " network — set VISO_MODELS_BASE_URL to a mirror you trust");
            }
            trail.started = true;
            trail.lastPublicUrl = isPrivate ? null : request.url().newBuilder().query(null).build().toString();
        }
        return chain.proceed(request);
    }

    /** Loopback, link-local (cloud metadata), site-local, carrier-grade NAT, IPv6 unique-local, or unspecified. */
    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc;
        }
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64 || (b[0] & 0xff) == 0;
    }
}
