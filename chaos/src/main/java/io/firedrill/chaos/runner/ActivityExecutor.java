package io.firedrill.chaos.runner;

import io.firedrill.chaos.core.Durations;
import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.model.Activity;
import io.firedrill.chaos.provider.Provider;
import io.firedrill.chaos.provider.Providers;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Runs one activity and records how it went: its arguments resolved against the run's variables, its provider called,
 * a probe's output judged by its tolerance and the probe re-run until the tolerance holds or {@code retryFor} has passed
 * (metrics are eventually consistent). Every phase runs its activities through here, so each prints one line.
 */
public final class ActivityExecutor {

    private static final long RETRY_PAUSE_MILLIS = 500;

    private final PrintStream out;

    public ActivityExecutor(PrintStream out) {
        this.out = out;
    }

    public Journal.ActivityRun execute(Activity activity, RunContext ctx) {
        long deadline = System.nanoTime() + Durations.parse(activity.retryFor()).toNanos();
        while (true) {
            Journal.ActivityRun result = attempt(activity, ctx);
            if (result.succeeded() || result.toleranceMet() == null || System.nanoTime() >= deadline) {
                out.printf("  %6.1fs %-8s %-48s %-9s %s%n", ctx.timeline().secondsSinceStart(result.end()), activity.type(),
                        abbreviate(activity.name(), 48), result.status(),
                        result.error() != null ? result.error() : abbreviate(String.valueOf(result.output()), 80));
                return result;
            }
            try {
                Thread.sleep(RETRY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
        }
    }

    /** Waits the activity's {@code pauseAfter}, if it has one. */
    public static void pauseAfter(Activity activity) {
        if (activity.pauseAfter() != null) {
            try {
                Thread.sleep(Durations.parse(activity.pauseAfter()).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Journal.ActivityRun attempt(Activity activity, RunContext ctx) {
        Instant start = Instant.now();
        Object output = null;
        String error = null;
        Boolean toleranceMet = null;
        try {
            Provider provider = Providers.forType(activity.providerType());
            @SuppressWarnings("unchecked")
            Map<String, Object> args = (Map<String, Object>) ctx.resolve(activity.provider());
            output = provider.run(args, ctx);
            if (activity.tolerance() != null) {
                toleranceMet = Tolerances.met(activity.tolerance(), output);
                if (!toleranceMet) {
                    error = "output " + output + " outside tolerance " + Tolerances.describe(activity.tolerance());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        Instant end = Instant.now();
        return new Journal.ActivityRun(activity.name(), activity.type(), activity.providerType(), start, end,
                Duration.between(start, end).toMillis() / 1000.0, Journal.Outcome.of(error == null), output, error, toleranceMet);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
