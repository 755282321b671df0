package io.firedrill.shipment;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.LineItem;
import io.firedrill.contracts.commands.CreateShipment;
import io.firedrill.messaging.testing.TestHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Builds commands and calls the service for the tests (records as cdc-relay publishes them: {@code TestMessages}). */
public final class ShipmentTestSupport {

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
        return TestHttp.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
