package io.firedrill.contracts;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Outcome of validating one message against its contract.
 *
 * @param type       message type name as received (may be null when a record lacks its type header)
 * @param version    schema version as received (0 when unknown)
 * @param violations empty when the message is valid
 */
public record ValidationResult(String type, int version, List<Violation> violations) {

    public ValidationResult {
        violations = List.copyOf(violations);
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    /** Low-cardinality reason for metrics and the DLQ reason header: the first violation's code, or {@code valid}. */
    public String reasonCode() {
        return isValid() ? "valid" : violations.get(0).code();
    }

    /** One line naming the message and every violation, for logs and the DLQ reason header. */
    public String summary() {
        String subject = (type == null ? "message" : type) + (version > 0 ? " v" + version : "");
        if (isValid()) {
            return subject + " is valid";
        }
        return subject + " violates its contract: "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
