package io.firedrill.order;

import io.firedrill.order.persistence.ReplicaDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans that are not components: the clock the saga reads time from, and the replica's read-only pool. */
@Configuration(proxyBeanMethods = false)
class OrderServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    ReplicaDatabase replicaDatabase(OrderProperties properties, MeterRegistry meters) {
        return new ReplicaDatabase(properties.replica(), meters);
    }
}
