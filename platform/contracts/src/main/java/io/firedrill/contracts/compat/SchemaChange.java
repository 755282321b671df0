package io.firedrill.contracts.compat;

/**
 * One difference between two versions of a schema.
 *
 * @param path     where, e.g. {@code $.items[].sku}
 * @param breaking whether a consumer can be hurt, see {@link SchemaCompatibility}
 */
public record SchemaChange(Kind kind, String path, String detail, boolean breaking) {

    public enum Kind {
        REQUIRED_FIELD_REMOVED,
        OPTIONAL_FIELD_REMOVED,
        FIELD_RENAMED,
        TYPE_CHANGED,
        ENUM_VALUES_REMOVED,
        ENUM_VALUES_ADDED,
        NEWLY_REQUIRED,
        NO_LONGER_REQUIRED,
        OPTIONAL_FIELD_ADDED,
        CONSTRAINT_TIGHTENED,
        CONSTRAINT_RELAXED,
        UNRECOGNISED_CHANGE
    }

    @Override
    public String toString() {
        return (breaking ? "BREAKING " : "compatible ") + kind + " at " + path + ": " + detail;
    }
}
