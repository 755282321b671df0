package io.firedrill.notification.messaging;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoTimeoutException;
import io.firedrill.contracts.events.OrderCompleted;
import io.firedrill.messaging.MessageHandlers;
import io.firedrill.messaging.TransientFailure;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MongoOutageIsTransientTest {

    private final OrderCompleted event = new OrderCompleted(UUID.randomUUID(), UUID.randomUUID());

    @Test
    void unreachableMongoBecomesATransientFailureSoTheEventIsRetriedNotDeadLettered() {
        MessageHandlers.Handler<OrderCompleted> handler = NotificationMessagingConfiguration.retryOnMongoOutage(
                (e, in) -> { throw new MongoTimeoutException("Timed out while waiting for a server"); });
        assertThatThrownBy(() -> handler.handle(event, null))
                .isInstanceOf(TransientFailure.class)
                .hasMessageContaining("MongoDB unavailable");
    }

    @Test
    void otherFailuresAreLeftAlone() {
        MessageHandlers.Handler<OrderCompleted> handler = NotificationMessagingConfiguration.retryOnMongoOutage(
                (e, in) -> { throw new IllegalStateException("bug"); });
        assertThatThrownBy(() -> handler.handle(event, null)).isInstanceOf(IllegalStateException.class);
    }
}
