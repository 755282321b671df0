package io.firedrill.shipment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.contracts.Address;
import io.firedrill.contracts.LineItem;
import io.firedrill.contracts.commands.CreateShipment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Builds commands and reads JSON/HTTP for the tests (records as cdc-relay publishes them: {@code TestMessages}). */
public final class ShipmentTestSupport {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ShipmentTestSupport() {}

    public static CreateShipment createShipment(UUID orderId, Address address) {
        return new CreateShipment(orderId, UUID.randomUUID(),
                List.of(new LineItem("SKU-" + orderId.toString().substring(0, 8).toUpperCase(), 2), new LineItem("MUG-42", 1)),
                address);
    }

    public static Address address() {
        return new Address("Ada Lovelace", "12 St James's Square", "Flat 3", "London", "SW1Y 4JH", "GB");
    }

    public static HttpResponse<byte[]> get(String url, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request.build());
    }

    public static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(new String(body, StandardCharsets.UTF_8), e);
        }
    }

    public static JsonNode json(String body) {
        return json(body.getBytes(StandardCharsets.UTF_8));
    }
}
