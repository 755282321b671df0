package io.firedrill.web.admin;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;

/**
 * The fields of one PATCH, typed on demand: each accessor is empty when the field is absent and throws
 * {@link InvalidValue} naming the field when its value has the wrong type, so no service parses JSON itself.
 */
public final class SettingsChange {

    /** A value of the wrong type or shape (answered 400, naming the field). */
    public static final class InvalidValue extends RuntimeException {
        private final String field;

        InvalidValue(String field, String message) {
            super(field + " " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private final JsonNode body;

    SettingsChange(JsonNode body) {
        this.body = body;
    }

    /** The field names the request carries. */
    public Set<String> names() {
        return new TreeSet<>(body.propertyNames());
    }

    public boolean has(String field) {
        return body.has(field);
    }

    public Optional<Boolean> bool(String field) {
        return value(field).map(v -> {
            if (!v.isBoolean()) {
                throw new InvalidValue(field, "must be a JSON boolean (true or false)");
            }
            return v.booleanValue();
        });
    }

    public Optional<Integer> integer(String field) {
        return value(field).map(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new InvalidValue(field, "must be a whole number");
            }
            return v.intValue();
        });
    }

    public Optional<Double> number(String field) {
        return value(field).map(v -> {
            if (!v.isNumber()) {
                throw new InvalidValue(field, "must be a number");
            }
            return v.doubleValue();
        });
    }

    public Optional<String> text(String field) {
        return value(field).map(v -> {
            if (!v.isString() || v.stringValue().isBlank()) {
                throw new InvalidValue(field, "must be a non-empty string");
            }
            return v.stringValue().trim();
        });
    }

    /** A duration as {@code "500ms"}, {@code "2s"}, {@code "PT1S"}, or a whole number of milliseconds. */
    public Optional<Duration> duration(String field) {
        return value(field).map(v -> {
            try {
                if (v.isIntegralNumber()) {
                    return Duration.ofMillis(v.longValue());
                }
                if (v.isString()) {
                    return DurationStyle.detectAndParse(v.stringValue().trim());
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                // falls through to the message below
            }
            throw new InvalidValue(field, "must be a duration such as \"500ms\", \"2s\" or a number of milliseconds");
        });
    }

    /** An enum constant by name, case-insensitive. */
    public <E extends Enum<E>> Optional<E> choice(String field, Class<E> type) {
        return text(field).map(name -> {
            try {
                return Enum.valueOf(type, name.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new InvalidValue(field, "must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            }
        });
    }

    private Optional<JsonNode> value(String field) {
        JsonNode v = body.get(field);
        if (v != null && v.isNull()) {
            throw new InvalidValue(field, "must not be null");
        }
        return Optional.ofNullable(v);
    }
}
