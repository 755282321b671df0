package io.firedrill.stack.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a service's test gets from {@link OpenApiCapture}: the document as served, and its JSON and HTML page on disk
 * for CI; anything but an OpenAPI document fails the test with the URL and the body. Served here by an in-process
 * HTTP server on a loopback port, as a service's {@code /v3/api-docs} is.
 */
class OpenApiCaptureTest {

    @TempDir
    Path output;

    private HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        String document = fixture();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v3/api-docs", exchange -> reply(exchange, 200, document));
        server.createContext("/missing", exchange -> reply(exchange, 404, "{\"status\":404}"));
        server.createContext("/not-openapi", exchange -> reply(exchange, 200, "{\"status\":\"UP\"}"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void writesTheDocumentAndItsPageAndReturnsTheBodyAsServed() throws IOException {
        String body = OpenApiCapture.capture("payment-service", url("/v3/api-docs"), output);

        assertThat(body).isEqualTo(fixture());
        assertThat(Files.readString(output.resolve("payment-service.json"))).contains("\"/api/payments/{orderId}\"");
        assertThat(Files.readString(output.resolve("payment-service.html"))).startsWith("<!DOCTYPE html>")
                .contains("<code>/api/payments/{orderId}</code>");
    }

    @Test
    void failsOnAnErrorStatusOrABodyThatIsNoOpenApiDocumentWritingNothing() {
        assertThatThrownBy(() -> OpenApiCapture.capture("x", url("/missing"), output)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(url("/missing")).hasMessageContaining("answered 404");
        assertThatThrownBy(() -> OpenApiCapture.capture("x", url("/not-openapi"), output)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("is not an OpenAPI document").hasMessageContaining("{\"status\":\"UP\"}");
        assertThat(output.resolve("x.json")).doesNotExist();
        assertThat(output.resolve("x.html")).doesNotExist();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String fixture() throws IOException {
        try (InputStream in = OpenApiCaptureTest.class.getResourceAsStream("/apidocs/payment-service-api-docs.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
