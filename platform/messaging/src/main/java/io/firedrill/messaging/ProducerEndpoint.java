package io.firedrill.messaging;

import io.firedrill.contracts.MessageType;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/producer} on the management port: which version of each event this service emits (the
 * schema-drift lever). {@code GET} shows the contract gate, the drafts in use and those available; {@code POST}
 * {@code {"type": "PaymentAuthorized", "version": 2}} and/or {@code {"contractGate": false}} changes them;
 * {@code DELETE} goes back to the current versions and the configured gate.
 */
@Endpoint(id = "producer")
public class ProducerEndpoint {

    private final ProducerVersions versions;

    public ProducerEndpoint(ProducerVersions versions) {
        this.versions = versions;
    }

    @ReadOperation
    public Map<String, Object> read() {
        return versions.view();
    }

    @WriteOperation
    public Map<String, Object> update(@Nullable String type, @Nullable Integer version, @Nullable Boolean contractGate) {
        if ((type == null) != (version == null)) {
            throw new InvalidEndpointRequestException("type and version go together", "type and version go together");
        }
        if (type != null) {
            MessageType messageType = MessageType.byName(type).orElseThrow(() -> new InvalidEndpointRequestException(
                    "unknown event type '" + type + "'", "unknown event type"));
            try {
                versions.select(messageType, version);
            } catch (IllegalArgumentException e) {
                throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
            }
        }
        if (contractGate != null) {
            versions.contractGate(contractGate);
        }
        return versions.view();
    }

    @DeleteOperation
    public Map<String, Object> reset() {
        versions.reset();
        return versions.view();
    }
}
