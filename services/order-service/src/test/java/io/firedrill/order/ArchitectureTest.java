package io.firedrill.order;

import static io.firedrill.architecture.LayerRules.layersInOrder;

import io.firedrill.architecture.ServiceArchitectureTest;
import org.junit.jupiter.api.Test;

/**
 * Keeps the order service's packages free of cycles, its domain free of frameworks and storage, other services
 * reached only through the platform, and its layers in one direction: api -> checkout -> saga -> persistence ->
 * domain.
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super(OrderServiceApplication.class);
    }

    @Test
    void readsApiCheckoutSagaPersistenceDomainTopDown() {
        layersInOrder(root, "api", "checkout", "saga", "persistence", "domain").check(classes);
    }
}
