package io.firedrill.notification;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Tells customers what happened to their orders: consumes {@code order.events} (OrderCompleted, OrderCancelled,
 * and OrderPlaced to learn who placed an order) and {@code shipment.events} (ShipmentCreated), stores one
 * notification per enabled channel in MongoDB, delivers it through a {@code NotificationProvider} with retries and
 * announces {@code NotificationSent} through the outbox. HTTP API on the stack's notification port.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class NotificationApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotificationApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
