package io.firedrill.shipment;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Saga participant for step 5: consumes {@code CreateShipment} from {@code shipment.commands}, renders the
 * shipping label, stores it in S3 and announces {@code ShipmentCreated} (or {@code ShipmentFailed}) through
 * the outbox; serves shipments and their labels on the stack's shipment port.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ShipmentApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShipmentApplication.class, args);
    }

    /** Label keys are partitioned by month; tests can pin the clock. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
