package io.firedrill.order.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdmissionGateTest {

    private final AdmissionGate gate = new AdmissionGate();

    @Test
    void admitsUpToTheLimitAndRefusesTheNext() {
        for (int i = 0; i < 3; i++) {
            assertThat(gate.tryAdmit(3)).as("checkout %d", i).isNotNull().satisfies(AdmissionGate.Permit::started);
        }

        assertThat(gate.tryAdmit(3)).isNull();
        assertThat(gate.inFlight()).isEqualTo(3);
    }

    @Test
    void checkoutsBeingPlacedCountLikeSagasSoABurstCannotOvershoot() {
        AdmissionGate.Permit first = gate.tryAdmit(2);
        AdmissionGate.Permit second = gate.tryAdmit(2);

        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(gate.tryAdmit(2)).isNull();
    }

    @Test
    void checkoutsBeingPlacedAtOnceAreBoundedBelowTheSagaLimit() {
        AdmissionGate gate = new AdmissionGate();
        AdmissionGate.Permit first = gate.tryAdmit(200, 2);
        AdmissionGate.Permit second = gate.tryAdmit(200, 2);

        assertThat(gate.tryAdmit(200, 2)).as("a third checkout placed at once").isNull();
        first.started();
        assertThat(gate.tryAdmit(200, 2)).as("a place freed once the first became a saga").isNotNull();
        second.release();
        assertThat(gate.inFlight()).isEqualTo(2);
    }

    @Test
    void aCheckoutWaitsForAPlacingSlotAndGetsTheOneGivenBack() throws Exception {
        AdmissionGate.Permit first = gate.tryAdmit(200, 1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<AdmissionGate.Permit> waiting = pool.submit(() -> gate.admit(200, 1, Duration.ofSeconds(5)));
            Thread.sleep(100);
            assertThat(waiting).isNotDone();
            long before = System.nanoTime();
            first.started();
            assertThat(waiting.get(2, TimeUnit.SECONDS)).isNotNull();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).as("woken by the slot given back, ms").isLessThan(1_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noPlacingSlotWithinTheWaitOrTheSagaBoundReachedIsARefusal() throws Exception {
        assertThat(gate.tryAdmit(200, 1)).isNotNull();
        long before = System.nanoTime();
        assertThat(gate.admit(200, 1, Duration.ofMillis(200))).isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isBetween(190L, 1_000L);

        AdmissionGate full = new AdmissionGate();
        full.tryAdmit(1, 10).started();
        before = System.nanoTime();
        assertThat(full.admit(1, 10, Duration.ofSeconds(5))).as("the saga bound does not wait").isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(100L);
        assertThat(full.sagaBoundReached(1)).isTrue();
    }

    @Test
    void aFailedOrReplayedCheckoutGivesItsPlaceBackOnce() {
        AdmissionGate.Permit permit = gate.tryAdmit(1);
        permit.release();
        permit.release();
        permit.close();

        assertThat(gate.inFlight()).isZero();
        assertThat(gate.tryAdmit(1)).isNotNull();
        assertThat(gate.tryAdmit(1)).isNull();
    }

    @Test
    void closingAStartedPermitKeepsTheSagaCounted() {
        try (AdmissionGate.Permit permit = gate.tryAdmit(1)) {
            permit.started();
        }

        assertThat(gate.inFlight()).isEqualTo(1);
        assertThat(gate.tryAdmit(1)).isNull();
    }

    @Test
    void anEndedSagaFreesItsPlace() {
        gate.tryAdmit(1).started();

        gate.sagaEnded();

        assertThat(gate.tryAdmit(1)).isNotNull();
    }

    @Test
    void aSagaResumedByALateReplyCountsAgain() {
        gate.tryAdmit(1).started();
        gate.sagaEnded();

        gate.sagaResumed();

        assertThat(gate.tryAdmit(1)).isNull();
    }

    @Test
    void theDatabaseCountReplacesADriftedCount() {
        gate.sagaEnded(); // a saga started before a restart ends: the count must not go below zero
        assertThat(gate.inFlight()).isZero();

        gate.resync(5);
        assertThat(gate.tryAdmit(5)).isNull();
        assertThat(gate.tryAdmit(6)).isNotNull();

        gate.resync(0); // sagas ended elsewhere (another instance, a redelivery): the gate opens again
        assertThat(gate.inFlight()).isEqualTo(1); // the checkout being placed still counts
    }

    @Test
    void concurrentCheckoutsNeverGetMorePlacesThanTheLimit() throws Exception {
        int limit = 10;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    AdmissionGate.Permit permit = gate.tryAdmit(limit);
                    if (permit != null) {
                        admitted.incrementAndGet();
                        permit.started();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(admitted.get()).isPositive().isLessThanOrEqualTo(limit);
        assertThat(gate.inFlight()).isEqualTo(admitted.get());
    }
}
