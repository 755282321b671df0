package io.firedrill.order.messaging;

import io.firedrill.contracts.events.StockAvailabilityChanged;
import io.firedrill.messaging.Inbound;
import io.firedrill.messaging.MessageHandlers;
import io.firedrill.order.checkout.AvailabilityView;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.KafkaBindingRebalanceListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Feeds the {@link AvailabilityView} from inventory's {@link StockAvailabilityChanged} announcements, which arrive on
 * {@code inventory.events} with the saga's replies (binding {@code inventoryEvents}; dedup, validation and DLQ are the
 * shared dispatcher's). Each SKU's announcements share a key, hence a partition, so they are applied in the order
 * inventory committed them. When this instance loses partitions of that topic (a rebalance), another consumer gets
 * their announcements from then on, so the view is forgotten rather than left to refuse SKUs that may be back in stock.
 */
@Configuration(proxyBeanMethods = false)
class StockAvailabilityFeed {

    private static final Logger log = LoggerFactory.getLogger(StockAvailabilityFeed.class);
    static final String BINDING = "inventoryEvents-in-0";

    @Bean
    MessageHandlers stockAvailability(AvailabilityView view) {
        return MessageHandlers.builder()
                .on(StockAvailabilityChanged.class, (event, inbound) -> apply(view, event, inbound))
                .build();
    }

    static void apply(AvailabilityView view, StockAvailabilityChanged event, Inbound inbound) {
        // Applied at once, not after the dedup row commits: setting a SKU's state twice is harmless.
        if (event.soldOut()) {
            view.soldOut(event.sku());
            log.info("{} sold out: checkouts naming it are refused at POST", event.sku());
        } else {
            view.backInStock(event.sku(), event.available());
            log.info("{} back in stock ({} available)", event.sku(), event.available());
        }
    }

    @Bean
    KafkaBindingRebalanceListener forgetAvailabilityOnRebalance(AvailabilityView view) {
        return new KafkaBindingRebalanceListener() {
            @Override
            public void onPartitionsRevokedBeforeCommit(String bindingName, Consumer<?, ?> consumer,
                                                        Collection<TopicPartition> partitions) {
                if (BINDING.equals(bindingName) && !partitions.isEmpty() && view.soldOutCount() > 0) {
                    log.info("partitions {} of {} revoked: forgetting {} sold-out SKUs (all sellable until announced again)",
                            partitions, bindingName, view.soldOutCount());
                    view.forgetAll();
                }
            }
        };
    }
}
