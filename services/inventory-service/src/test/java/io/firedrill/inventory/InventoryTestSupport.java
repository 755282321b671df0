package io.firedrill.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.LineItem;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.inventory.admin.InventorySettings;
import io.firedrill.messaging.testing.ServiceTestSupport;
import io.firedrill.stack.junit.FiredrillStackExtension;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for every integration test class (same configuration, so Spring caches it): the service
 * on random ports against the running stack, consuming a topic of its own so no other test or service interferes.
 * Its database is {@code inventory_it}, outside the {@code firedrill_*} pattern cdc-relay captures, so the events
 * these tests write to the outbox never reach the real topics.
 */
@ExtendWith(FiredrillStackExtension.class)
@SpringBootTest(classes = InventoryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "spring.config.import=optional:file:../../.firedrill/stack.env[.properties]",
        "spring.datasource.url=jdbc:mysql://127.0.0.1:${FIREDRILL_MARIADB_PRIMARY_PORT}/inventory_it"
                + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true",
        "firedrill.inventory.reaper-interval=100ms",
        "firedrill.inventory.gauge-refresh-interval=200ms",
        "spring.cloud.stream.kafka.bindings.inventoryCommands-in-0.consumer.start-offset=earliest"})
public abstract class InventoryTestSupport extends ServiceTestSupport {

    protected static final TenantRegion REGION = TenantRegion.EU_WEST;
    private static final String TOPIC = "inventory-it-" + UUID.randomUUID().toString().substring(0, 8) + ".commands";

    @DynamicPropertySource
    static void ownTopic(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.stream.bindings.inventoryCommands-in-0.destination", () -> TOPIC);
        // A fresh group per run: members of a killed earlier run would hold up the first rebalance.
        registry.add("spring.cloud.stream.bindings.inventoryCommands-in-0.group", () -> "inventory-it-" + TOPIC);
    }

    @Autowired protected InventorySettings settings;

    @Override
    protected String commandTopic() {
        return TOPIC;
    }

    @Override
    protected TenantRegion region() {
        return REGION;
    }

    // --- catalog ---------------------------------------------------------------------------------------------

    /** A SKU no other test uses. */
    protected static String newSku() {
        return "T" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 50), 36).toUpperCase() + "-" + (char) ('A'
                + ThreadLocalRandom.current().nextInt(26));
    }

    /** Loads {@code sku} with {@code available} units through the admin API (management port, admin token). */
    protected void load(String sku, long available) throws Exception {
        HttpResponse<String> response = loadCatalog("""
                {"items":[{"sku":"%s","name":"Test item %s","priceCents":1999,"stock":%d}]}""".formatted(sku, sku, available));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    protected Map<String, Object> stockRow(String sku) {
        return jdbc.queryForMap("SELECT on_hand, reserved, committed FROM stock WHERE sku = ?", sku);
    }

    protected long reserved(String sku) {
        return ((Number) stockRow(sku).get("reserved")).longValue();
    }

    protected long committed(String sku) {
        return ((Number) stockRow(sku).get("committed")).longValue();
    }

    protected long onHand(String sku) {
        return ((Number) stockRow(sku).get("on_hand")).longValue();
    }

    // --- commands --------------------------------------------------------------------------------------------

    protected static List<LineItem> items(Object... skuAndQuantity) {
        List<LineItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            items.add(new LineItem((String) skuAndQuantity[i], (Integer) skuAndQuantity[i + 1]));
        }
        return items;
    }

    // --- HTTP ------------------------------------------------------------------------------------------------

    /** {@code POST /admin/catalog} on the management port with the admin token. */
    protected HttpResponse<String> loadCatalog(String json) {
        return admin().post("/admin/catalog", json);
    }
}
