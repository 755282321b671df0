package io.firedrill.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firedrill.contracts.MessageType;
import java.util.function.UnaryOperator;

/**
 * The next version of an event as its producer's new code would emit it, before the contracts (and so the consumers)
 * know it: what schema drift looks like on the wire. A producing service declares its drafts as beans; the
 * {@code producer} management endpoint switches the producer to one at runtime (the schema-drift scenario's lever),
 * and {@link ProducerVersions} decides whether it may leave the service.
 *
 * @param type    the event
 * @param version the version number the producer writes into {@code schema_version}
 * @param change  what changes, in words (shown by the endpoint and in logs), e.g. "amountCents renamed to amount"
 * @param migrate turns the current version's payload into this version's; may modify and return its argument
 * @param restore the way back: this version's payload as the current version (DLQ replay repairs with it)
 */
public record EventDraft(MessageType type, int version, String change, UnaryOperator<ObjectNode> migrate,
                         UnaryOperator<ObjectNode> restore) {

    public EventDraft {
        if (version <= type.currentVersion()) {
            throw new IllegalArgumentException("a draft of " + type.typeName() + " must be newer than v" + type.currentVersion()
                    + ", got v" + version);
        }
    }
}
