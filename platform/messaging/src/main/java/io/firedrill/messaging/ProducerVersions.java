package io.firedrill.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firedrill.contracts.ContractValidator;
import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.ValidationResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which version of each event this service emits, and the producer-side contract gate.
 *
 * <p>By default every event goes out in its current version. An operator (or the schema-drift scenario) can switch an
 * event to one of the service's {@link EventDraft}s. With the <b>contract gate</b> on (the default), the outbox writer
 * first validates the draft payload against the contracts every consumer is built with; a version they do not know, or
 * a payload that breaks its schema, is refused at the producer: the event goes out in its current version and
 * {@code firedrill_producer_contract_refusals_total{type,version,reason}} counts the refusal. With the gate off (the
 * legacy behaviour) the draft is published as is and every consumer dead-letters it.
 */
public class ProducerVersions {

    private static final Logger log = LoggerFactory.getLogger(ProducerVersions.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A payload and the schema version it is written in. */
    public record Encoded(String payload, int version) {}

    private final Map<MessageType, EventDraft> drafts;
    private final ContractValidator validator;
    private final MeterRegistry meters;
    private final boolean defaultGate;
    private final Map<MessageType, Integer> selected = new ConcurrentHashMap<>();
    private volatile boolean contractGate;

    public ProducerVersions(List<EventDraft> drafts, ContractValidator validator, MeterRegistry meters, boolean contractGate) {
        Map<MessageType, EventDraft> byType = new TreeMap<>();
        for (EventDraft draft : drafts) {
            if (byType.put(draft.type(), draft) != null) {
                throw new IllegalStateException("two drafts of " + draft.type().typeName() + ": one per event");
            }
        }
        this.drafts = Map.copyOf(byType);
        this.validator = validator;
        this.meters = meters;
        this.defaultGate = contractGate;
        this.contractGate = contractGate;
    }

    /** The payload of {@code type} as this service emits it now: the current version, or the selected draft. */
    public Encoded encode(MessageType type, String currentPayload) {
        Integer version = selected.get(type);
        if (version == null) {
            return new Encoded(currentPayload, type.currentVersion());
        }
        EventDraft draft = drafts.get(type);
        String payload;
        try {
            payload = JSON.writeValueAsString(draft.migrate().apply((ObjectNode) JSON.readTree(currentPayload)));
        } catch (Exception e) {
            throw new IllegalStateException("draft v" + draft.version() + " of " + type.typeName() + " failed: " + e.getMessage(), e);
        }
        if (contractGate) {
            ValidationResult check = validator.validate(type.typeName(), draft.version(), payload);
            if (!check.isValid()) {
                meters.counter("firedrill_producer_contract_refusals_total", "type", type.typeName(),
                        "version", Integer.toString(draft.version()), "reason", check.reasonCode()).increment();
                log.warn("contract gate: {} v{} refused ({}); publishing v{} instead", type.typeName(), draft.version(),
                        check.summary(), type.currentVersion());
                return new Encoded(currentPayload, type.currentVersion());
            }
        }
        return new Encoded(payload, draft.version());
    }

    /**
     * A dead-lettered payload written in one of this service's drafts, back in the current version; empty for
     * anything else. The DLQ replay of the producer uses it, so events published during a drift reach their
     * consumers once the producer is rolled back.
     */
    public Optional<Encoded> restore(String typeName, int version, byte[] payload) {
        Optional<MessageType> type = MessageType.byName(typeName);
        if (type.isEmpty() || !drafts.containsKey(type.get()) || drafts.get(type.get()).version() != version) {
            return Optional.empty();
        }
        try {
            ObjectNode restored = drafts.get(type.get()).restore().apply((ObjectNode) JSON.readTree(payload));
            return Optional.of(new Encoded(JSON.writeValueAsString(restored), type.get().currentVersion()));
        } catch (Exception e) {
            log.warn("cannot restore {} v{} to v{}: {}", typeName, version, type.get().currentVersion(), e.toString());
            return Optional.empty();
        }
    }

    /** Emit {@code type} in {@code version}: its current version, or the version of its draft. */
    public void select(MessageType type, int version) {
        if (version == type.currentVersion()) {
            selected.remove(type);
        } else if (drafts.containsKey(type) && drafts.get(type).version() == version) {
            selected.put(type, version);
            log.warn("producer switched {} to draft v{}: {} (contract gate {})", type.typeName(), version,
                    drafts.get(type).change(), contractGate ? "on" : "OFF");
        } else {
            throw new IllegalArgumentException(type.typeName() + " has no version " + version + " here; known: v"
                    + type.currentVersion() + Optional.ofNullable(drafts.get(type)).map(d -> ", draft v" + d.version()).orElse(""));
        }
    }

    public void contractGate(boolean on) {
        contractGate = on;
        log.warn("producer contract gate {}", on ? "on" : "OFF");
    }

    /** Every event back to its current version, the gate to its configured state. */
    public void reset() {
        selected.clear();
        contractGate = defaultGate;
    }

    /** What the endpoint shows: the gate, the versions in force, the drafts available. */
    public Map<String, Object> view() {
        Map<String, Object> versions = new TreeMap<>();
        selected.forEach((type, version) -> versions.put(type.typeName(), version));
        Map<String, Object> available = new TreeMap<>();
        drafts.forEach((type, draft) -> available.put(type.typeName(), Map.of("version", draft.version(), "change", draft.change())));
        return Map.of("contractGate", contractGate, "draftsInUse", versions, "drafts", available);
    }
}
