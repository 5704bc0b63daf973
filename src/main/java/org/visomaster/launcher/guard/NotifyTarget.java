package org.visomaster.launcher.guard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.visomaster.launcher.infra.util.Json;

/**
 * Where a notification goes and how its body looks, told from the URL alone:
 * <ul>
 *   <li>ntfy: a host named ntfy.sh or ntfy.* (a topic URL): the message as plain text, the title in a Title header;</li>
 *   <li>Discord: a path /api/webhooks/ID/TOKEN: JSON {"content": "**title**\nmessage"};</li>
 *   <li>Telegram: a path /botTOKEN/sendMessage with a chat_id parameter: JSON {"chat_id", "text"};</li>
 *   <li>anything else: JSON {"event", "title", "message", "workspace"}.</li>
 * </ul>
 */
final class NotifyTarget {
    enum Kind { NTFY, DISCORD, TELEGRAM, GENERIC }

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
    private static final Pattern DISCORD = Pattern.compile("/api/webhooks/[^/]+/[^/]+/?");
    private static final Pattern TELEGRAM = Pattern.compile("/bot[^/]+/sendMessage/?");
    private static final Pattern CHAT_ID = Pattern.compile("(?:^|&)chat_id=([^&]+)");
    static final int DISCORD_LIMIT = 2000;
    static final int TELEGRAM_LIMIT = 4096;

    private final HttpUrl url;
    private final Kind kind;
    private final String chatId;

    private NotifyTarget(HttpUrl url, Kind kind, String chatId) {
        this.url = url;
        this.kind = kind;
        this.chatId = chatId;
    }

    public static NotifyTarget of(String url) {
        HttpUrl u = HttpUrl.get(url.strip());
        String host = u.host().toLowerCase(Locale.ROOT);
        String path = u.encodedPath();
        if (host.equals("ntfy.sh") || host.startsWith("ntfy.")) {
            return new NotifyTarget(u, Kind.NTFY, null);
        }
        if (DISCORD.matcher(path).matches()) {
            return new NotifyTarget(u, Kind.DISCORD, null);
        }
        String query = u.encodedQuery() == null ? "" : u.encodedQuery();
        Matcher chat = CHAT_ID.matcher(query);
        if (TELEGRAM.matcher(path).matches() && chat.find()) {
            String id = u.queryParameter("chat_id");
            return new NotifyTarget(u, Kind.TELEGRAM, id);
        }
        return new NotifyTarget(u, Kind.GENERIC, null);
    }

    /** The part of a notification URL that works as a password (webhook and bot tokens, the ntfy topic). */
    static String secretPart(String url) {
        try {
            URI u = URI.create(url.strip());
            String rest = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            return rest.length() > 1 ? rest : url;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    Kind kind() {
        return kind;
    }

    /** Names the target without its secret part, for logs and status. */
    public String describe() {
        return switch (kind) {
            case NTFY -> "ntfy topic on " + url.host();
            case DISCORD -> "Discord webhook";
            case TELEGRAM -> "Telegram chat";
            case GENERIC -> url.scheme() + "://" + url.host() + (url.port() == HttpUrl.defaultPort(url.scheme())
                    ? "" : ":" + url.port()) + " (JSON)";
        };
    }

    Request request(Notification n) {
        Request.Builder b = new Request.Builder().url(url);
        switch (kind) {
            case NTFY -> b.header("Title", n.title()).header("Tags", n.event().tag())
                    .post(RequestBody.create(n.message(), TEXT));
            case DISCORD -> {
                ObjectNode body = Json.MAPPER.createObjectNode();
                body.put("content", clip("**" + n.title() + "**\n" + n.message(), DISCORD_LIMIT));
                b.post(RequestBody.create(body.toString(), JSON));
            }
            case TELEGRAM -> {
                ObjectNode body = Json.MAPPER.createObjectNode();
                body.put("chat_id", chatId);
                body.put("text", clip(n.title() + "\n" + n.message(), TELEGRAM_LIMIT));
                b.post(RequestBody.create(body.toString(), JSON));
            }
            case GENERIC -> {
                ObjectNode body = Json.MAPPER.createObjectNode();
                body.put("event", n.event().id());
                body.put("title", n.title());
                body.put("message", n.message());
                body.put("workspace", n.workspace());
                b.post(RequestBody.create(body.toString(), JSON));
            }
        }
        return b.build();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
