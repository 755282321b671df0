package io.firedrill.messaging;

import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.contracts.events.ReservationCommitted;
import io.firedrill.contracts.events.ShipmentCreated;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A minimal service for the library's tests: its handlers record their effect in table {@code effect}, in the
 * consumer's transaction, and announce a follow-up through the outbox, like a real participant would.
 */
@SpringBootApplication
public class MessagingTestApplication {

    static final AtomicBoolean COMMIT_HANDLER_BROKEN = new AtomicBoolean();
    static final AtomicInteger SHIPMENT_TRANSIENT_FAILURES_LEFT = new AtomicInteger();

    @Bean
    MessageHandlers testHandlers(JdbcTemplate jdbc) {
        jdbc.execute("CREATE TABLE IF NOT EXISTS effect (event_id CHAR(36) PRIMARY KEY, order_id CHAR(36) NOT NULL, "
                + "type VARCHAR(64) NOT NULL, traceparent VARCHAR(128) NULL)");
        return MessageHandlers.builder()
                .on(PaymentAuthorized.class, (event, in) -> record(jdbc, in))
                .on(ReservationCommitted.class, (event, in) -> {
                    if (COMMIT_HANDLER_BROKEN.get()) {
                        throw new IllegalStateException("commit handler bug for order " + event.orderId());
                    }
                    record(jdbc, in);
                })
                .on(ShipmentCreated.class, (event, in) -> {
                    record(jdbc, in);
                    if (SHIPMENT_TRANSIENT_FAILURES_LEFT.getAndDecrement() > 0) {
                        throw new TransientFailure("label store busy");
                    }
                })
                .build();
    }

    private static void record(JdbcTemplate jdbc, Inbound in) {
        jdbc.update("INSERT INTO effect (event_id, order_id, type, traceparent) VALUES (?, ?, ?, ?)",
                in.eventId().toString(), in.key(), in.type(), in.traceparent());
    }

    @Bean
    Consumer<org.springframework.messaging.Message<byte[]>> testConsumer(MessageDispatcher dispatcher) {
        return dispatcher;
    }
}
