package org.visomaster.launcher.guard;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.visomaster.launcher.infra.util.Json;

/**
 * This instance on Vast's API: {@code PUT /api/v0/instances/<id>/} with {@code {"state":"stopped"}} stops it (its disk
 * stays), {@code GET} on the same path describes it. Authenticated with the instance's scoped key as a Bearer token;
 * the key appears in no message this class makes.
 */
final class VastApi {
    private static final MediaType JSON = MediaType.get("application/json");
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** What the instance costs: $/hour in total (GPU, storage, traffic estimate) and when it started, if known. */
    record Price(double dollarsPerHour, Instant startedAt) {
    }

    private final HttpUrl instanceUrl;
    private final String key;
    private final OkHttpClient client;

    VastApi(URI base, String containerId, String key, OkHttpClient client) {
        HttpUrl b = HttpUrl.get(base.toString());
        this.instanceUrl = b.newBuilder().addPathSegments("api/v0/instances").addPathSegment(containerId)
                .addPathSegment("").build();
        this.key = key;
        this.client = client;
    }

    static VastApi of(GuardSettings s) {
        return new VastApi(s.vastApiUrl(), s.containerId(), s.apiKey(), new OkHttpClient.Builder()
                .callTimeout(TIMEOUT).retryOnConnectionFailure(true).build());
    }

    HttpUrl instanceUrl() {
        return instanceUrl;
    }

    /** Asks Vast to stop this instance; returns when Vast accepted it. */
    void stop() throws VastApiException {
        Request r = new Request.Builder().url(instanceUrl).header("Authorization", "Bearer " + key)
                .header("Accept", "application/json")
                .put(RequestBody.create("{\"state\":\"stopped\"}", JSON)).build();
        try (Response resp = client.newCall(r).execute()) {
            if (!resp.isSuccessful()) {
                throw new VastApiException("Vast's API did not stop this instance (HTTP " + resp.code()
                        + hint(resp.code()) + "); stop the box from the Instances page of the Vast console.");
            }
            JsonNode body = parse(resp);
            if (body != null && body.has("success") && !body.get("success").asBoolean(true)) {
                throw new VastApiException("Vast's API answered that it did not stop this instance ("
                        + body.path("msg").asText(body.path("error").asText("no reason given"))
                        + "); stop the box from the Instances page of the Vast console.");
            }
        } catch (IOException e) {
            throw new VastApiException("Vast's API could not be reached to stop this instance (" + e.getMessage()
                    + "); the guard tries again in a minute.");
        }
    }

    /** The instance's price per hour and start time, from {@code GET} on the instance. */
    Price price() throws VastApiException {
        Request r = new Request.Builder().url(instanceUrl).header("Authorization", "Bearer " + key)
                .header("Accept", "application/json").get().build();
        try (Response resp = client.newCall(r).execute()) {
            if (!resp.isSuccessful()) {
                throw new VastApiException("Vast's API did not describe this instance (HTTP " + resp.code()
                        + hint(resp.code()) + ").");
            }
            JsonNode body = parse(resp);
            JsonNode inst = body == null ? null : body.has("instances") ? body.get("instances") : body;
            if (inst != null && inst.isArray()) {
                inst = inst.size() > 0 ? inst.get(0) : null;
            }
            if (inst == null || !inst.path("dph_total").isNumber()) {
                throw new VastApiException("Vast's API described this instance without its price (dph_total).");
            }
            JsonNode start = inst.path("start_date");
            Instant started = start.isNumber() && start.asDouble() > 0
                    ? Instant.ofEpochMilli(Math.round(start.asDouble() * 1000)) : null;
            return new Price(inst.get("dph_total").asDouble(), started);
        } catch (IOException e) {
            throw new VastApiException("Vast's API could not be reached for this instance's price ("
                    + e.getMessage() + ").");
        }
    }

    private static String hint(int code) {
        return code == 401 || code == 403 ? ": the instance's API key was not accepted"
                : code == 404 ? ": Vast does not know this instance id" : "";
    }

    /** The answer's JSON, read up to 1 MiB (an instance is a few KiB; a server that sends more is not believed). */
    private static JsonNode parse(Response resp) {
        try {
            String text = resp.peekBody(MAX_ANSWER_BYTES).string();
            return text.isBlank() ? null : Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static final long MAX_ANSWER_BYTES = 1 << 20;

    /** A sentence for the log and the user; never holds the key. */
    static final class VastApiException extends Exception {
        VastApiException(String sentence) {
            super(sentence);
        }
    }
}
