package io.firedrill.shipment.messaging;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.commands.CreateShipment;
import io.firedrill.messaging.Inbound;
import io.firedrill.messaging.OutboxWriter;
import io.firedrill.messaging.TransientFailure;
import io.firedrill.shipment.ShipmentProperties;
import io.firedrill.shipment.domain.AddressRules;
import io.firedrill.shipment.domain.LabelKey;
import io.firedrill.shipment.domain.Shipment;
import io.firedrill.shipment.label.LabelRenderer;
import io.firedrill.shipment.label.ShippingLabel;
import io.firedrill.shipment.persistence.ShipmentRepository;
import io.firedrill.shipment.storage.LabelStore;
import io.firedrill.shipment.storage.LabelStoreUnavailable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code CreateShipment} → label in S3 + shipment row + {@code ShipmentCreated} in the outbox, all in the
 * dispatcher's transaction (no transaction of its own). Idempotent by order id: an order that already has a
 * shipment gets its outcome announced again, nothing else.
 */
@Component
class CreateShipmentHandler {

    private static final Logger log = LoggerFactory.getLogger(CreateShipmentHandler.class);

    private final ShipmentRepository shipments;
    private final LabelRenderer renderer;
    private final LabelStore store;
    private final OutboxWriter outbox;
    private final ShipmentProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    CreateShipmentHandler(ShipmentRepository shipments, LabelRenderer renderer, LabelStore store, OutboxWriter outbox,
                          ShipmentProperties properties, MeterRegistry meters, Clock clock) {
        this.shipments = shipments;
        this.renderer = renderer;
        this.store = store;
        this.outbox = outbox;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        // Every outcome exists from the start at 0, so rate() has a series before the first shipment.
        for (TenantRegion region : TenantRegion.values()) {
            for (String outcome : List.of("created", "failed", "reannounced")) {
                counter(outcome, region);
            }
        }
    }

    void handle(CreateShipment command, Inbound inbound) {
        Optional<Shipment> existing = shipments.findByOrderId(command.orderId());
        if (existing.isPresent()) {
            log.info("order {} already has {}; announcing it again", command.orderId(), existing.get());
            announce(existing.get(), inbound, "reannounced");
            return;
        }
        Instant now = clock.instant();
        Optional<String> unlabellable = AddressRules.violation(command.address())
                .or(() -> renderer.unprintable(command.address()));
        if (unlabellable.isPresent()) {
            Shipment failed = Shipment.failed(command.orderId(), command.customerId(), unlabellable.get(),
                    inbound.tenantRegion(), now);
            log.warn("shipment for order {} failed: {}", command.orderId(), unlabellable.get());
            save(failed);
            announce(failed, inbound, "failed");
            return;
        }

        Shipment shipment = Shipment.created(command.orderId(), command.customerId(),
                LabelKey.of(properties.labelPrefix(), now, command.orderId()), properties.carrier(),
                inbound.tenantRegion(), now);
        byte[] png = renderer.render(new ShippingLabel(shipment.carrier(), shipment.trackingNumber(), shipment.orderId(),
                shipment.id(), command.address(), command.items(), now));
        // The upload happens before the database commit on purpose: the key is deterministic per order (and
        // month) and the bytes are too, so if this transaction rolls back and the command is redelivered, the
        // next attempt overwrites the very same object. The row and ShipmentCreated commit only after the
        // label is safely stored, so nobody is ever told about a label that does not exist.
        try {
            store.put(shipment.labelKey(), png, LabelKey.PNG);
        } catch (LabelStoreUnavailable e) {
            count("label_store_unavailable", inbound); // per failed attempt; the dispatcher retries with backoff
            throw new TransientFailure("label store unavailable for order " + command.orderId() + ": " + e.getMessage(), e);
        }
        save(shipment);
        log.info("created {} ({} bytes of label, tracking {})", shipment, png.length, shipment.trackingNumber());
        announce(shipment, inbound, "created");
    }

    private void save(Shipment shipment) {
        try {
            shipments.insert(shipment);
        } catch (DuplicateKeyException e) {
            // Two deliveries of CreateShipment for one order raced and the other committed first. Retrying in a
            // fresh transaction finds its row and re-announces it.
            throw new TransientFailure("order " + shipment.orderId() + " got its shipment concurrently", e);
        }
    }

    private void announce(Shipment shipment, Inbound inbound, String outcome) {
        outbox.append(shipment.announcement(), inbound.tenantRegion());
        afterCommit(() -> count(outcome, inbound));
    }

    private void count(String outcome, Inbound inbound) {
        counter(outcome, inbound.tenantRegion()).increment();
    }

    private Counter counter(String outcome, TenantRegion region) {
        return Counter.builder("firedrill_shipments_total").description("CreateShipment outcomes")
                .tags("outcome", outcome, "tenant_region", region.id()).register(meters);
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
