package io.firedrill.payment.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The simulated provider's decline rule: deterministic by card, by order and by seed. */
class DeclineRuleTest {

    @Test
    void testCardsDeclineWithTheirReason() {
        assertThat(DeclineRule.decline("4000000000000002", UUID.randomUUID(), 0, 42)).contains("CARD_DECLINED");
        assertThat(DeclineRule.decline("4000 0000 0000 9995", UUID.randomUUID(), 0, 42)).contains("INSUFFICIENT_FUNDS");
        assertThat(DeclineRule.decline("4242424242424242", UUID.randomUUID(), 0, 42)).isEmpty();
    }

    @Test
    void theDeclineRatioPicksThatShareOfOrdersTheSameWayForTheSameSeed() {
        long declined = IntStream.range(0, 10_000).mapToObj(i -> new UUID(i * 7919L, i * 104_729L))
                .filter(order -> DeclineRule.decline("card", order, 0.3, 42).isPresent()).count();
        assertThat(declined).isBetween(2_700L, 3_300L);

        UUID order = UUID.randomUUID();
        Optional<String> first = DeclineRule.decline("card", order, 0.5, 7);
        assertThat(IntStream.range(0, 20).mapToObj(i -> DeclineRule.decline("card", order, 0.5, 7))).containsOnly(first);
        assertThat(DeclineRule.decline("card", order, 1.0, 7)).contains("RISK_DECLINED");
        assertThat(DeclineRule.decline("card", order, 0.0, 7)).isEmpty();
    }
}
