package io.firedrill.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The outbox {@code aggregatetype}: names the participant and, with {@link Topics}, its topics. */
public enum Aggregate {
    ORDER("order"),
    INVENTORY("inventory"),
    PAYMENT("payment"),
    SHIPMENT("shipment"),
    NOTIFICATION("notification");

    private final String id;

    Aggregate(String id) {
        this.id = id;
    }

    /** Wire value, e.g. {@code inventory}. */
    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Aggregate fromId(String id) {
        return Arrays.stream(values())
                .filter(a -> a.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown aggregate type '" + id + "'"));
    }
}
