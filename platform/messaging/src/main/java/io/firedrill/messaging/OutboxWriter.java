package io.firedrill.messaging;

import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.Message;
import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.TenantRegion;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one transactional outbox writer. {@link #append} inserts the message into this service's
 * {@code outbox} table inside the caller's transaction, so the state change and the message commit or
 * roll back together; cdc-relay publishes the row to Kafka from the binlog.
 */
public class OutboxWriter {

    private static final String INSERT = "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, "
            + "tracingspancontext, tenant_region, schema_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final ContractCodec codec;
    private final TraceContext traceContext;
    private final ProducerVersions versions;

    /** @param versions which version each event is written in (the current one unless a draft is selected; contract gate) */
    public OutboxWriter(JdbcTemplate jdbc, ContractCodec codec, TraceContext traceContext, ProducerVersions versions) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.traceContext = traceContext;
        this.versions = versions;
    }

    /**
     * Appends {@code message} for publication to its topic, keyed by its order id.
     *
     * @return the event id (outbox row id, Kafka {@code event_id} header)
     * @throws IllegalStateException outside a transaction: a message written on its own could be published
     *                               for a state change that then rolls back, or lost for one that commits
     */
    public UUID append(Message message, TenantRegion tenantRegion) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("OutboxWriter.append(" + message.getClass().getSimpleName()
                    + ") must run inside the transaction of the state change it announces");
        }
        MessageType type = MessageType.of(message);
        UUID eventId = UUID.randomUUID();
        String payload = codec.toJson(message);
        ProducerVersions.Encoded encoded = versions.encode(type, payload);
        jdbc.update(INSERT, eventId.toString(), type.topic(), message.orderId().toString(), type.typeName(),
                encoded.payload(), traceContext.currentTraceparent(), tenantRegion.id(), encoded.version());
        return eventId;
    }
}
