package io.firedrill.traffic.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.traffic.data.CartLine;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The shop's HTTP bodies as the run sees them: the request bodies it sends, encoded once, and the few fields it reads
 * back from replies (an accepted order's id, a card token, an order's status).
 */
final class ShopWire {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ShopWire() {}

    record CheckoutRequest(String customerId, String tenantRegion, List<CartLine> items, TokenPayment paymentMethod) {}

    record TokenPayment(String type, String token) {}

    record TokenizeCard(String customerId, String cardNumber) {
        @Override
        public String toString() { return "TokenizeCard[customerId=" + customerId + "]"; }
    }

    /** An order's state as {@code GET /api/orders/{id}} reports it; {@code status} null when the body was unreadable. */
    record OrderStatus(String status, String reason) {}

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }

    /** A path segment: URL-encoded, spaces as {@code %20}. */
    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

    /** The id of the order a checkout created: {@code orderId} in the body, else the last segment of Location. */
    static String orderId(FullHttpResponse response) {
        if (response.content().readableBytes() > 0) {
            try {
                JsonNode node = read(response);
                if (node != null && node.hasNonNull("orderId")) {
                    return node.get("orderId").asText();
                }
            } catch (IOException e) {
                // Not JSON: fall back to the Location header.
            }
        }
        String location = response.headers().get(HttpHeaderNames.LOCATION);
        if (location != null && !location.isBlank()) {
            String trimmed = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
            return trimmed.substring(trimmed.lastIndexOf('/') + 1);
        }
        return null;
    }

    /** The token payment-service issued for a card, or null when the body has none. */
    static String token(FullHttpResponse response) {
        try {
            JsonNode node = read(response);
            return node != null && node.hasNonNull("token") ? node.get("token").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** @throws IOException when the body is not JSON */
    static OrderStatus orderStatus(FullHttpResponse response) throws IOException {
        JsonNode node = read(response);
        return new OrderStatus(node.path("status").asText(null), node.hasNonNull("reason") ? node.get("reason").asText() : null);
    }

    private static JsonNode read(FullHttpResponse response) throws IOException {
        return JSON.readTree(new ByteBufInputStream(response.content().duplicate()));
    }
}
