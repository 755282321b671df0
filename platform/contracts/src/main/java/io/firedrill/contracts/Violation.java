package io.firedrill.contracts;

/**
 * One reason a message breaks its contract.
 *
 * @param code    short, low-cardinality reason for metrics and the DLQ header: a JSON Schema keyword
 *                ({@code required}, {@code type}, {@code format}, ...) or {@code malformed-json},
 *                {@code unknown-type}, {@code unknown-version}
 * @param path    JSON path of the offending value, e.g. {@code $.items[0].quantity}
 * @param message human-readable explanation
 */
public record Violation(String code, String path, String message) {

    public static final String MALFORMED_JSON = "malformed-json";
    public static final String UNKNOWN_TYPE = "unknown-type";
    public static final String UNKNOWN_VERSION = "unknown-version";

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
