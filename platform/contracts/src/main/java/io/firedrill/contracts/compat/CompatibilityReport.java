package io.firedrill.contracts.compat;

import java.util.List;
import java.util.stream.Collectors;

/** Every difference found between an old and a new schema; {@link #breaking()} is what blocks a release. */
public record CompatibilityReport(List<SchemaChange> changes) {

    public CompatibilityReport {
        changes = List.copyOf(changes);
    }

    public List<SchemaChange> breaking() {
        return changes.stream().filter(SchemaChange::breaking).toList();
    }

    public boolean isCompatible() {
        return breaking().isEmpty();
    }

    /** One change per line. */
    public String describe() {
        return changes.isEmpty()
                ? "no changes"
                : changes.stream().map(SchemaChange::toString).collect(Collectors.joining("\n"));
    }
}
