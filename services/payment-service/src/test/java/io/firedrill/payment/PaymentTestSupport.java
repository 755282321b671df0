package io.firedrill.payment;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.messaging.testing.ServiceTestSupport;
import io.firedrill.payment.admin.PaymentSettings;
import io.firedrill.payment.domain.CardToken;
import io.firedrill.payment.persistence.CardTokenRepository;
import io.firedrill.stack.junit.FiredrillStackExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for every integration test class: the service on random ports against the running stack,
 * consuming a topic of its own. Its database is {@code payment_it}, outside the {@code firedrill_*} pattern cdc-relay
 * captures, so the events these tests write to the outbox never reach the real topics.
 */
@ExtendWith(FiredrillStackExtension.class)
@SpringBootTest(classes = PaymentApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "spring.config.import=optional:file:../../.firedrill/stack.env[.properties]",
        "spring.datasource.url=jdbc:mysql://127.0.0.1:${FIREDRILL_MARIADB_PRIMARY_PORT}/payment_it"
                + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true",
        "firedrill.payment.provider-latency=20ms",
        "firedrill.payment.provider-timeout=1s",
        "firedrill.messaging.initial-backoff=20ms",
        "firedrill.messaging.max-attempts=3",
        "spring.cloud.stream.kafka.bindings.paymentCommands-in-0.consumer.start-offset=earliest"})
public abstract class PaymentTestSupport extends ServiceTestSupport {

    protected static final TenantRegion REGION = TenantRegion.AP_SOUTH;
    protected static final String CARD = "4242424242424242";
    protected static final String DECLINED_CARD = "4000000000000002";
    private static final String TOPIC = "payment-it-" + UUID.randomUUID().toString().substring(0, 8) + ".commands";

    @DynamicPropertySource
    static void ownTopic(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.stream.bindings.paymentCommands-in-0.destination", () -> TOPIC);
        registry.add("spring.cloud.stream.bindings.paymentCommands-in-0.group", () -> "payment-it-" + TOPIC);
    }

    @Autowired protected PaymentSettings settings;
    @Autowired protected CardTokenRepository cardTokens;

    @Override
    protected String commandTopic() {
        return TOPIC;
    }

    @Override
    protected TenantRegion region() {
        return REGION;
    }

    /** A vault token for {@code customer}'s {@code card}, stored as {@code POST /api/payment-methods} stores it. */
    protected String token(UUID customer, String card) {
        CardToken token = CardToken.issue(customer, card, java.time.Instant.now());
        cardTokens.insert(token);
        return token.token();
    }

    // --- rows ------------------------------------------------------------------------------------------------

    protected int payments(UUID orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payment WHERE order_id = ?", Integer.class, orderId.toString());
    }

    protected List<Map<String, Object>> ledger(UUID orderId) {
        return jdbc.queryForList("SELECT l.kind, l.amount_cents FROM ledger_entry l JOIN payment p ON p.id = l.payment_id "
                + "WHERE p.order_id = ? ORDER BY l.created_at, l.kind", orderId.toString());
    }

    protected long charged(UUID orderId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(l.amount_cents), 0) FROM ledger_entry l JOIN payment p "
                + "ON p.id = l.payment_id WHERE p.order_id = ?", Long.class, orderId.toString());
    }
}
