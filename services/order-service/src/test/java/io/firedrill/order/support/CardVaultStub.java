package io.firedrill.order.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * payment-service's card vault look-up ({@code GET /api/payment-methods/{token}}) as a tiny HTTP server, like
 * {@link CatalogStub}: {@link #tokenize} issues a token for a customer's card, and the stub answers 200 with its owner
 * and masked card, 404 for any other token; {@link #failWith} a status for every request (a vault that is down).
 */
public final class CardVaultStub implements AutoCloseable {

    private static final String PREFIX = "/api/payment-methods/";

    private record Card(UUID customerId, String masked) {}

    private final HttpServer server;
    private final Map<String, Card> cards = new ConcurrentHashMap<>();
    private final AtomicInteger failureStatus = new AtomicInteger();

    private CardVaultStub(HttpServer server) {
        this.server = server;
    }

    public static CardVaultStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            CardVaultStub stub = new CardVaultStub(server);
            server.createContext(PREFIX, stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException("card vault stub did not start", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A token for {@code customerId}'s card; the vault keeps its last four digits only. */
    public String tokenize(UUID customerId, String cardNumber) {
        String token = "pm_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        cards.put(token, new Card(customerId, "visa ****" + cardNumber.substring(cardNumber.length() - 4)));
        return token;
    }

    /** Answers every look-up with {@code status} (0: answer normally again). */
    public void failWith(int status) {
        failureStatus.set(status);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int failure = failureStatus.get();
            if (failure != 0) {
                exchange.sendResponseHeaders(failure, -1);
                return;
            }
            String token = exchange.getRequestURI().getPath().substring(PREFIX.length());
            Card card = cards.get(token);
            byte[] body = (card == null ? "{\"title\":\"not found\",\"status\":404}"
                    : "{\"token\":\"" + token + "\",\"customerId\":\"" + card.customerId() + "\",\"type\":\"card\",\"masked\":\""
                    + card.masked() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(card == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
