package io.firedrill.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Region the order belongs to; carried in the envelope and as a metric tag. */
public enum TenantRegion {
    EU_WEST("eu-west"),
    US_EAST("us-east"),
    AP_SOUTH("ap-south");

    private final String id;

    TenantRegion(String id) {
        this.id = id;
    }

    /** Wire value, e.g. {@code eu-west}. */
    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static TenantRegion fromId(String id) {
        return Arrays.stream(values())
                .filter(r -> r.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown tenant region '" + id + "'"));
    }
}
