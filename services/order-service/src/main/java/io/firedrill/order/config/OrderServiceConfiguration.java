package io.firedrill.order.config;

import io.firedrill.order.OrderProperties;
import io.firedrill.order.admin.OrderSettings;
import io.firedrill.order.checkout.AvailabilityView;
import io.firedrill.order.persistence.ReplicaDatabase;
import io.firedrill.order.saga.AdmissionGate;
import io.firedrill.order.saga.AdmissionLimit;
import io.firedrill.order.saga.ResendBudget;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Beans that are not components: the clock the saga reads time from, the replica's read-only pool, and the in-memory
 * state of admission (sagas in flight, sold-out SKUs) that the API, the saga and the consumers share.
 */
@Configuration(proxyBeanMethods = false)
class OrderServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AdmissionGate admissionGate() {
        return new AdmissionGate();
    }

    /** Starts at the configured ceiling and learns from there. */
    @Bean
    AdmissionLimit admissionLimit(Clock clock, OrderProperties properties, OrderSettings settings) {
        OrderProperties.Admission a = properties.admission();
        return new AdmissionLimit(clock, () -> settings.current().admissionLatencyTarget(), a.minSagasInFlight(),
                Math.max(a.minSagasInFlight(), a.maxSagasInFlight()), Duration.ofSeconds(2));
    }

    @Bean
    AvailabilityView availabilityView(Clock clock, OrderProperties properties) {
        return new AvailabilityView(clock, properties.admission().soldOutRecheck());
    }

    @Bean
    ResendBudget resendBudget(OrderProperties properties, Clock clock) {
        OrderProperties.Resends r = properties.resends();
        return new ResendBudget(r.budgetRatio(), r.budgetFloorPerSecond(), r.budgetBurst(), clock);
    }

    @Bean(destroyMethod = "close")
    ReplicaDatabase replicaDatabase(OrderProperties properties, MeterRegistry meters) {
        return new ReplicaDatabase(properties.replica(), meters);
    }
}
