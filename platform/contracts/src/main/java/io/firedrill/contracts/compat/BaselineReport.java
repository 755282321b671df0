package io.firedrill.contracts.compat;

import java.util.List;
import java.util.stream.Collectors;

/** Result of {@link SchemaBaseline#check}: every committed schema that differs from the recorded baseline. */
public record BaselineReport(List<SchemaDrift> drifts) {

    public BaselineReport {
        drifts = List.copyOf(drifts);
    }

    /** Drift that would hurt consumers: must not be merged as is. */
    public List<SchemaDrift> breaking() {
        return drifts.stream().filter(SchemaDrift::breaking).toList();
    }

    /** Harmless drift the baseline does not record yet. */
    public List<SchemaDrift> unrecorded() {
        return drifts.stream().filter(d -> !d.breaking()).toList();
    }

    public boolean isClean() {
        return drifts.isEmpty();
    }

    public String describe() {
        if (drifts.isEmpty()) {
            return "every committed schema matches its baseline";
        }
        return drifts.stream()
                .map(d -> d.status() + " " + d.path() + d.changes().stream()
                        .map(c -> "\n    " + c)
                        .collect(Collectors.joining()))
                .collect(Collectors.joining("\n"));
    }
}
