package io.firedrill.stack.testing;

import io.firedrill.stack.AdminToken;
import io.firedrill.stack.StackLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Calls a service's management port the way an operator does: with the stack's admin bearer token
 * ({@code .firedrill/admin-token}), or deliberately without it or with a wrong one, to prove the 401. For tests.
 */
public final class AdminHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final String base;
    private final String token;

    private AdminHttp(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The management port {@code port} on 127.0.0.1, with the token of the stack this checkout runs. */
    public static AdminHttp management(int port) {
        return new AdminHttp("http://127.0.0.1:" + port, AdminToken.read(StackLayout.defaults()));
    }

    /** The same endpoint without any Authorization header. */
    public AdminHttp withoutToken() {
        return new AdminHttp(base, null);
    }

    /** The same endpoint with another token. */
    public AdminHttp withToken(String other) {
        return new AdminHttp(base, other);
    }

    public String url(String path) {
        return base + path;
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    public HttpResponse<String> patch(String path, String json) {
        return send("PATCH", path, json);
    }

    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, json);
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null);
    }

    /** What a route answered: {@code route} is {@code "METHOD /path"}, {@code auth} says which credentials were sent. */
    public record Answer(String route, String auth, int status, String contentType) {}

    /**
     * Sends each route ({@code "PATCH /admin/settings"}) without a token and with a wrong one; returns every answer
     * that is not a 401 problem+json (empty when all of them are guarded).
     */
    public List<Answer> notRefusedWithoutValidToken(String... routes) {
        List<Answer> answers = new ArrayList<>();
        for (String route : routes) {
            answers.add(answer(withoutToken(), route, "no token"));
            answers.add(answer(withToken("not-" + token), route, "wrong token"));
        }
        return answers.stream()
                .filter(a -> a.status() != 401 || !a.contentType().startsWith("application/problem+json"))
                .toList();
    }

    /** Sends each route without a token; returns the answers that are not 200 (empty when all stay open). */
    public List<Answer> notOpenToAnonymous(String... routes) {
        return Arrays.stream(routes).map(route -> answer(withoutToken(), route, "no token"))
                .filter(a -> a.status() != 200).toList();
    }

    private static Answer answer(AdminHttp client, String route, String auth) {
        String[] parts = route.split(" ", 2);
        HttpResponse<String> response = client.send(parts[0], parts[1], parts[0].equals("GET") || parts[0].equals("DELETE") ? null : "{}");
        return new Answer(route, auth, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""));
    }

    /** A request to {@code path} carrying this client's credentials, for bodies {@link #send} does not cover. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    public HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder request = request(path)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + base + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
