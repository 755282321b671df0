package io.firedrill.stack.component;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small network helpers shared by health checks and the busy-port check. */
public final class Net {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Net() {}

    public static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True if nothing listens on the port on loopback or the wildcard address. */
    public static boolean isFree(int port) {
        if (canConnect(port)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** HTTP GET; returns the status code and body, or status -1 with the error as body. */
    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Health from an HTTP endpoint that answers 200 when ready. */
    public static io.firedrill.stack.Health httpHealth(String url) {
        try {
            HttpResponse<String> response = get(url);
            return response.statusCode() == 200
                    ? io.firedrill.stack.Health.up("HTTP 200")
                    : io.firedrill.stack.Health.down("HTTP " + response.statusCode());
        } catch (IOException e) {
            return io.firedrill.stack.Health.down("no answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return io.firedrill.stack.Health.down("interrupted");
        }
    }
}
