package io.firedrill.chaos.runner;

import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.model.Activity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The experiment's method: its actions and probes in order, the first fault starting the time-to-detect clock, and the
 * background activities (traffic) on their own threads until {@link #joinBackground joined}. Closing it cancels what
 * still runs in the background.
 */
public final class Method implements AutoCloseable {

    private final ActivityExecutor executor;
    private final List<CompletableFuture<Journal.ActivityRun>> background = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chaos-background");
        t.setDaemon(true);
        return t;
    });

    public Method(ActivityExecutor executor) {
        this.executor = executor;
    }

    /**
     * Runs the mode's activities, recording each in the journal; stops at the first foreground step that fails.
     *
     * @return null when every foreground step succeeded, else why the method failed
     */
    public String run(List<Activity> activities, RunContext ctx, Journal journal) {
        for (Activity activity : activities) {
            if (!activity.appliesTo(ctx.mode())) {
                continue;
            }
            if (activity.fault() && journal.faultStartedAt == null) {
                journal.faultStartedAt = Instant.now();
                ctx.timeline().add("fault-on", activity.name());
            }
            if (activity.background()) {
                background.add(CompletableFuture.supplyAsync(() -> executor.execute(activity, ctx), pool));
                ctx.timeline().add("background", activity.name());
                ActivityExecutor.pauseAfter(activity);
                continue;
            }
            Journal.ActivityRun result = executor.execute(activity, ctx);
            journal.run.add(result);
            if (!result.succeeded()) {
                return "method step '" + activity.name() + "' failed: " + result.error();
            }
            ActivityExecutor.pauseAfter(activity);
        }
        return null;
    }

    /**
     * Waits for the background activities and records them in the journal.
     *
     * @return null when all succeeded, else why the first that failed did
     */
    public String joinBackground(Journal journal) {
        String failure = null;
        for (CompletableFuture<Journal.ActivityRun> running : background) {
            Journal.ActivityRun result = running.join();
            journal.run.add(result);
            if (!result.succeeded() && failure == null) {
                failure = "background step '" + result.name() + "' failed: " + result.error();
            }
        }
        return failure;
    }

    @Override
    public void close() {
        background.forEach(f -> f.cancel(true));
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
