package io.firedrill.traffic.data;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Tenant regions of Firedrill; each one gets customers from a matching datafaker locale. */
public enum Region {
    EU_WEST("eu-west", "euw", Locale.forLanguageTag("en-IE"), "Ireland"),
    US_EAST("us-east", "use", Locale.forLanguageTag("en-US"), "United States"),
    AP_SOUTH("ap-south", "aps", Locale.forLanguageTag("en-IN"), "India");

    private final String id;
    private final String code;
    private final Locale locale;
    private final String country;

    Region(String id, String code, Locale locale, String country) {
        this.id = id;
        this.code = code;
        this.locale = locale;
        this.country = country;
    }

    /** Country of this region's customers' addresses. */
    public String country() { return country; }

    /** Wire name, as in {@code tenantRegion}. */
    @JsonValue
    public String id() { return id; }

    /** Short code used inside customer ids. */
    public String code() { return code; }

    public Locale locale() { return locale; }

    public static Region fromId(String id) {
        for (Region region : values()) {
            if (region.id.equalsIgnoreCase(id.trim())) {
                return region;
            }
        }
        throw new IllegalArgumentException("unknown tenant region '" + id + "' (known: "
                + Arrays.stream(values()).map(Region::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() { return id; }
}
