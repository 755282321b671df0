package io.firedrill.order.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.firedrill.contracts.Message;
import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.events.Event;
import io.firedrill.contracts.events.InventoryRejected;
import io.firedrill.contracts.events.ReservationExpired;
import io.firedrill.messaging.MessageHandlers;
import io.firedrill.order.domain.saga.SagaStep;
import io.firedrill.order.saga.Reply;
import io.firedrill.order.saga.SagaReplies;
import io.firedrill.order.saga.SagaTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The saga table is the consumer's routing table: what the table lists is handled by its row, nothing else is. */
class SagaReplyHandlersTest {

    private final List<Reply<?>> handledRows = new ArrayList<>();
    private final SagaReplies engine = new SagaReplies(null, null) {
        @Override
        public <R extends Event> void handle(Reply<R> row, R reply) {
            handledRows.add(row);
        }
    };
    private final MessageHandlers handlers = new SagaReplyHandlers().checkoutSagaReplies(engine);

    @Test
    void subscribesToEveryReplyOfTheTableAndNothingElse() {
        List<MessageType> inTable = SagaTable.replies().stream().map(r -> MessageType.of(r.type())).toList();

        assertThat(handlers.routes().keySet()).containsExactlyInAnyOrderElementsOf(inTable);
        assertThat(inTable).containsExactlyInAnyOrder(MessageType.INVENTORY_RESERVED, MessageType.INVENTORY_REJECTED,
                MessageType.PAYMENT_AUTHORIZED, MessageType.PAYMENT_DECLINED, MessageType.RESERVATION_COMMITTED,
                MessageType.RESERVATION_EXPIRED, MessageType.SHIPMENT_CREATED, MessageType.SHIPMENT_FAILED,
                MessageType.RESERVATION_RELEASED, MessageType.PAYMENT_REFUNDED);
    }

    @Test
    void leavesAReplyThatIsNotInTheTableUnhandled() {
        assertThat(handlers.routes()).doesNotContainKeys(MessageType.STOCK_AVAILABILITY_CHANGED, MessageType.ORDER_PLACED,
                MessageType.ORDER_COMPLETED, MessageType.ORDER_CANCELLED, MessageType.NOTIFICATION_SENT);
    }

    @Test
    void handsEachReplyToTheEngineWithItsOwnRow() throws Exception {
        UUID order = UUID.randomUUID();
        route(MessageType.RESERVATION_EXPIRED).handle(new ReservationExpired(order, UUID.randomUUID(), Instant.now()), null);
        route(MessageType.INVENTORY_REJECTED).handle(new InventoryRejected(order, InventoryRejected.Reason.OUT_OF_STOCK), null);

        assertThat(handledRows).extracting(Reply::type, Reply::kind, Reply::answers).containsExactly(
                tuple(ReservationExpired.class, Reply.Kind.FAILURE, SagaStep.COMMIT_RESERVATION),
                tuple(InventoryRejected.class, Reply.Kind.FAILURE, SagaStep.RESERVE_INVENTORY));
    }

    @SuppressWarnings("unchecked")
    private MessageHandlers.Handler<Message> route(MessageType type) {
        return (MessageHandlers.Handler<Message>) handlers.routes().get(type);
    }
}
