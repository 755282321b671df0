package io.firedrill.contracts.compat;

import java.util.List;

/**
 * How one committed schema differs from its recorded baseline.
 *
 * @param path    schema path relative to {@code schemas/}, e.g. {@code events/InventoryReserved.v1.json}
 * @param changes what the compatibility check found (empty for REMOVED and UNRECORDED)
 */
public record SchemaDrift(String path, Status status, List<SchemaChange> changes) {

    public enum Status {
        /** The committed schema breaks consumers of the recorded one: publish a new version instead. */
        BREAKING,
        /** A recorded schema is no longer committed: consumers of that version are stranded. */
        REMOVED,
        /** Committed but never recorded, e.g. a new message or version. */
        UNRECORDED,
        /** Differs from the record in compatible ways only. */
        STALE
    }

    public SchemaDrift {
        changes = List.copyOf(changes);
    }

    public boolean breaking() {
        return status == Status.BREAKING || status == Status.REMOVED;
    }
}
