package io.firedrill.cdcrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stall fault on its own: which engine run hangs, and the two ways out (release, abandon). */
class EngineStallTest {

    private final EngineStall stall = new EngineStall();

    @Test
    void anUnstalledRunPassesAtOnce() throws Exception {
        assertThat(pass(1)).isTrue();
        stall.stall(1);
        assertThat(pass(2)).as("only the stalled run hangs").isTrue();
    }

    @Test
    void aStalledRunHangsUntilReleasedThenPublishes() throws Exception {
        stall.stall(3);
        CompletableFuture<Boolean> batch = passInBackground(3);

        assertHeld(batch);
        assertThat(stall.stalled(3)).isTrue();
        assertThat(stall.release()).isTrue();
        assertThat(batch.get(2, TimeUnit.SECONDS)).as("released: the batch is published").isTrue();
        assertThat(stall.stalled(3)).isFalse();
        assertThat(stall.release()).as("nothing left to release").isFalse();
    }

    @Test
    void abandoningTheStalledRunFreesItsBatchUnpublishedAndItsLaterBatchesToo() throws Exception {
        stall.stall(4);
        CompletableFuture<Boolean> batch = passInBackground(4);
        assertHeld(batch);

        stall.abandon(4);

        assertThat(batch.get(2, TimeUnit.SECONDS)).as("abandoned: left unmarked for the next run").isFalse();
        assertThat(stall.abandoned(4)).isTrue();
        assertThat(pass(4)).as("a later batch of the abandoned run").isFalse();
        assertThat(stall.stalled(4)).as("the stuck engine went with its run").isFalse();
        assertThat(pass(5)).as("the new run is healthy").isTrue();
        assertThat(stall.abandoned(5)).isFalse();
    }

    @Test
    void aStallOnAnOlderRunDoesNotSurviveTheAbandonOfALaterOne() throws Exception {
        stall.stall(6);
        stall.abandon(7);
        assertThat(stall.stalled(6)).isFalse();
        assertThat(pass(8)).isTrue();
    }

    @Test
    void aBatchSavesWhatItMustOnceBeforeItIsHeldAndNeverWhenItPasses() throws Exception {
        AtomicInteger saved = new AtomicInteger();
        assertThat(stall.pass(9, saved::incrementAndGet)).isTrue();
        assertThat(saved).as("not held: nothing to save first").hasValue(0);

        stall.stall(9);
        CompletableFuture<Boolean> batch = CompletableFuture.supplyAsync(() -> {
            try {
                return stall.pass(9, saved::incrementAndGet);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        assertHeld(batch);
        assertThat(saved).as("held: saved once before the hang (the first run's start position)").hasValue(1);
        stall.release();
        assertThat(batch.get(2, TimeUnit.SECONDS)).isTrue();
        assertThat(saved).as("once, however long the hang").hasValue(1);
    }

    private boolean pass(long run) throws InterruptedException {
        return stall.pass(run, () -> { });
    }

    private CompletableFuture<Boolean> passInBackground(long run) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return pass(run);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static void assertHeld(CompletableFuture<Boolean> batch) throws InterruptedException, ExecutionException {
        try {
            batch.get(500, TimeUnit.MILLISECONDS);
            throw new AssertionError("the batch of a stalled run passed");
        }
        catch (TimeoutException held) {
            assertThat(batch).isNotDone();
        }
    }
}
