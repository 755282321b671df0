package io.firedrill.order.domain.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.order.domain.IllegalTransitionException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SagaInstanceTest {

    private final Instant now = Instant.parse("2026-01-01T10:00:00Z");

    private SagaInstance started() {
        return SagaInstance.start(UUID.randomUUID(), UUID.randomUUID(), SagaStep.RESERVE_INVENTORY, now.plusSeconds(10), now);
    }

    @Test
    void advancesOnlyForwardWhileRunningAndResetsAttempts() {
        SagaInstance saga = started();
        saga.retry(now.plusSeconds(20), now);
        assertThat(saga.attempts()).isEqualTo(2);

        saga.advance(SagaStep.AUTHORIZE_PAYMENT, now.plusSeconds(15), now);

        assertThat(saga.step()).isEqualTo(SagaStep.AUTHORIZE_PAYMENT);
        assertThat(saga.attempts()).isEqualTo(1);
        assertThatThrownBy(() -> saga.advance(SagaStep.RESERVE_INVENTORY, now, now)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> saga.advance(SagaStep.REFUND_PAYMENT, now, now)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aDeferredResendMovesTheDeadlineWithoutUsingAnAttempt() {
        SagaInstance saga = started();
        saga.retry(now.plusSeconds(20), now);

        saga.postpone(now.plusSeconds(37), now.plusSeconds(21));

        assertThat(saga.attempts()).isEqualTo(2);
        assertThat(saga.stepDeadline()).isEqualTo(now.plusSeconds(37));
        assertThat(saga.step()).isEqualTo(SagaStep.RESERVE_INVENTORY);
        saga.cancel(now);
        assertThatThrownBy(() -> saga.postpone(now, now)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void completesOnlyAtTheLastStep() {
        SagaInstance saga = started();
        assertThatThrownBy(() -> saga.complete(SagaStep.CREATE_SHIPMENT, now)).isInstanceOf(IllegalTransitionException.class);
        saga.advance(SagaStep.CREATE_SHIPMENT, now, now);

        saga.complete(SagaStep.CREATE_SHIPMENT, now);

        assertThat(saga.state()).isEqualTo(SagaState.COMPLETED);
        assertThat(saga.step()).isNull();
        assertThat(saga.stepDeadline()).isNull();
        assertThatThrownBy(() -> saga.compensate(SagaStep.REFUND_PAYMENT, now, now)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> saga.cancel(now)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void compensationFailureIsOnlyReachedWhileCompensatingAndKeepsTheError() {
        SagaInstance saga = started();
        assertThatThrownBy(() -> saga.compensationFailed("x", now)).isInstanceOf(IllegalTransitionException.class);
        saga.compensate(SagaStep.RELEASE_RESERVATION, now, now);

        saga.compensationFailed("ReleaseReservation not acknowledged", now);

        assertThat(saga.state()).isEqualTo(SagaState.COMPENSATION_FAILED);
        assertThat(saga.lastError()).isEqualTo("ReleaseReservation not acknowledged");
        assertThatThrownBy(() -> saga.retry(now, now)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void recordsEachParticipantFactOnce() {
        SagaInstance saga = started();
        UUID reservation = UUID.randomUUID();
        saga.reservationHeld(reservation);
        assertThatThrownBy(() -> saga.reservationHeld(UUID.randomUUID())).isInstanceOf(IllegalTransitionException.class);
        saga.reservationExpired();
        assertThatThrownBy(() -> saga.reservationReleased()).isInstanceOf(IllegalTransitionException.class);
        // The confirm guard off: inventory commits an expired reservation.
        saga.reservationCommitted();
        assertThat(saga.reservation()).isEqualTo(ReservationStatus.COMMITTED);

        saga.paymentAuthorized(UUID.randomUUID());
        saga.paymentRefunded();
        assertThatThrownBy(saga::paymentRefunded).isInstanceOf(IllegalTransitionException.class);
    }
}
