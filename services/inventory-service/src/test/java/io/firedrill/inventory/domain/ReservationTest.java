package io.firedrill.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.LineItem;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.events.InventoryRejected;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The reservation state machine and the confirm guard's decisions, without Spring or a database. */
class ReservationTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private static Reservation active(Duration ttl) {
        return Reservation.open(UUID.randomUUID(), TenantRegion.US_EAST, List.of(new ReservationLine("SKU-1", 2)), NOW, ttl);
    }

    @Test
    void normalizesLinesToOnePerSkuInSkuOrder() {
        assertThat(ReservationLine.normalize(List.of(new LineItem("B-1", 1), new LineItem("A-1", 2), new LineItem("B-1", 3))))
                .containsExactly(new ReservationLine("A-1", 2), new ReservationLine("B-1", 4));
    }

    @Test
    void guardOnCommitsOnlyALiveReservation() {
        Reservation r = active(Duration.ofSeconds(30));
        assertThat(r.decideCommit(true, NOW.plusSeconds(29))).isEqualTo(Reservation.CommitDecision.COMMIT);
        assertThat(r.decideCommit(true, NOW.plusSeconds(30))).isEqualTo(Reservation.CommitDecision.EXPIRE_NOW);
        Reservation expired = r.expire(NOW.plusSeconds(31));
        assertThat(expired.decideCommit(true, NOW.plusSeconds(40))).isEqualTo(Reservation.CommitDecision.REFUSE);
        assertThat(expired.apply(Reservation.CommitDecision.REFUSE, NOW)).isSameAs(expired);
    }

    @Test
    void guardOffCommitsWhateverTheStatusWhichIsTheOversell() {
        Reservation r = active(Duration.ofSeconds(1));
        assertThat(r.decideCommit(false, NOW.plusSeconds(60))).isEqualTo(Reservation.CommitDecision.COMMIT);
        Reservation expired = r.expire(NOW.plusSeconds(2));
        Reservation.CommitDecision decision = expired.decideCommit(false, NOW.plusSeconds(60));
        assertThat(decision).isEqualTo(Reservation.CommitDecision.COMMIT_DESPITE_EXPIRY);
        assertThat(decision.effect()).isEqualTo(StockEffect.COMMIT_RETURNED_UNITS);
        assertThat(expired.apply(decision, NOW.plusSeconds(60)).status()).isEqualTo(ReservationStatus.COMMITTED);
    }

    @Test
    void transitionsMoveTheRightUnitsAndBumpTheVersion() {
        Reservation r = active(Duration.ofSeconds(30));
        Reservation committed = r.apply(Reservation.CommitDecision.COMMIT, NOW);
        assertThat(committed.status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(committed.version()).isEqualTo(r.version() + 1);
        assertThat(committed.decideCommit(true, NOW)).isEqualTo(Reservation.CommitDecision.ALREADY_COMMITTED);
        assertThat(committed.decideRelease()).isEqualTo(Reservation.ReleaseDecision.RETURN_SOLD);
        assertThat(Reservation.ReleaseDecision.RETURN_SOLD.effect()).isEqualTo(StockEffect.RETURN_COMMITTED);
        assertThat(r.decideRelease()).isEqualTo(Reservation.ReleaseDecision.RELEASE);
        Reservation released = r.apply(Reservation.ReleaseDecision.RELEASE, NOW);
        assertThat(released.decideRelease()).isEqualTo(Reservation.ReleaseDecision.ALREADY_RETURNED);
        assertThat(released.apply(Reservation.ReleaseDecision.ALREADY_RETURNED, NOW)).isSameAs(released);
    }

    @Test
    void refusesIllegalTransitions() {
        Reservation r = active(Duration.ofSeconds(30));
        Reservation committed = r.apply(Reservation.CommitDecision.COMMIT, NOW);
        assertThatThrownBy(() -> committed.expire(NOW)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("COMMITTED");
        Reservation rejected = r.reject(InventoryRejected.Reason.OUT_OF_STOCK, NOW);
        assertThat(rejected.lines()).isEmpty();
        assertThatThrownBy(() -> rejected.decideCommit(false, NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(rejected::decideRelease).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> committed.reject(InventoryRejected.Reason.UNKNOWN_SKU, NOW)).isInstanceOf(IllegalTransitionException.class);
    }
}
