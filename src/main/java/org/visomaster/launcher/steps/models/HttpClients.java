package org.visomaster.launcher.steps.models;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/** The one OkHttpClient the launcher downloads with (variants share its pool through {@code newBuilder()}). */
public final class HttpClients {
    private static OkHttpClient shared;

    private HttpClients() {
    }

    /**
     * HTTP/1.1 only: over HTTP/2 OkHttp would multiplex every parallel download onto one TCP connection, and CDNs
     * that cap each connection would then cap the whole download. Redirects are followed (GitHub release assets
     * redirect to their storage host), except from a public server into the local network ({@link RedirectGuard}).
     */
    public static synchronized OkHttpClient shared() {
        if (shared == null) {
            shared = builder().addNetworkInterceptor(new RedirectGuard(RedirectGuard.ADDRESSES)).build();
        }
        return shared;
    }

    /**
     * A client like {@link #shared()} (same pool) that resolves names with {@code dns} and judges redirect targets
     * with {@code classifier}: how tests make a made-up "public" name that lives on 127.0.0.1.
     */
    static OkHttpClient withResolver(okhttp3.Dns dns, RedirectGuard.Classifier classifier) {
        OkHttpClient.Builder b = shared().newBuilder().dns(dns);
        b.networkInterceptors().removeIf(i -> i instanceof RedirectGuard);
        return b.addNetworkInterceptor(new RedirectGuard(classifier)).build();
    }

    private static OkHttpClient.Builder builder() {
        return new OkHttpClient.Builder()
                    .protocols(List.of(Protocol.HTTP_1_1))
                    .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
                    .connectTimeout(Duration.ofSeconds(15))
                    .readTimeout(Duration.ofSeconds(30))
                    .writeTimeout(Duration.ofSeconds(30))
                    .followRedirects(true)
                    .followSslRedirects(true)
                    .retryOnConnectionFailure(true);
    }

    /** The shared client with short timeouts, for size probes (HEAD requests). */
    public static OkHttpClient probing() {
        return shared().newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(10))
                .build();
    }
}
