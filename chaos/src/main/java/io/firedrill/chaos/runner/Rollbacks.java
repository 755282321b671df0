package io.firedrill.chaos.runner;

import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.model.Activity;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The rollbacks, run exactly once as soon as a fault may have been injected ({@link #arm armed}), whatever ends the run:
 * its normal end, a failure or exception ({@link #close}), or Ctrl-C / SIGTERM (a shutdown hook, which marks the run
 * interrupted).
 */
public final class Rollbacks implements AutoCloseable {

    private final List<Activity> activities;
    private final Journal journal;
    private final ActivityExecutor executor;
    private final AtomicBoolean done = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    private final Thread onExit;
    private volatile RunContext ctx;

    public Rollbacks(List<Activity> activities, Journal journal, ActivityExecutor executor, PrintStream out) {
        this.activities = activities;
        this.journal = journal;
        this.executor = executor;
        this.onExit = new Thread(() -> {
            if (ctx != null && done.compareAndSet(false, true)) {
                out.println("interrupted: running rollbacks");
                journal.conclude(Journal.Status.interrupted, "interrupted (SIGINT/SIGTERM); rollbacks ran");
                runAll(ctx);
            }
        }, "chaos-rollback-on-exit");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** From now on the run owes its rollbacks. */
    public void arm(RunContext ctx) {
        this.ctx = ctx;
    }

    /** Runs the rollbacks unless they ran already (or nothing was armed); true when this call ran them. */
    public boolean runOnce() {
        if (ctx != null && done.compareAndSet(false, true)) {
            runAll(ctx);
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        runOnce();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: it owns the rollbacks.
        }
    }

    /**
     * Waits until the rollbacks that started (by {@link #runOnce} or the exit hook, on another thread) have finished;
     * true when they have (or never were owed), false after {@code timeout}. A caller that records "rolled back" must
     * not do so while the exit hook is still restoring.
     */
    public boolean awaitFinished(java.time.Duration timeout) throws InterruptedException {
        return !done.get() || finished.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void runAll(RunContext ctx) {
        try {
            for (Activity rollback : activities) {
                if (rollback.appliesTo(ctx.mode())) {
                    journal.rollbacks.add(executor.execute(rollback, ctx));
                    ActivityExecutor.pauseAfter(rollback);
                }
            }
        } finally {
            finished.countDown();
        }
    }
}
