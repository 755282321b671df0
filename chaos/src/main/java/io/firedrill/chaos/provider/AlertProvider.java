package io.firedrill.chaos.provider;

import io.firedrill.chaos.core.AlertSinkClient;
import io.firedrill.chaos.core.Durations;
import io.firedrill.chaos.core.RunContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Waits inside the method for an alert to reach the sink ({@code alert}, {@code status} firing|resolved,
 * {@code within}): e.g. "hold the fault until the page arrives". Output: seconds since the run started.
 */
final class AlertProvider implements Provider {

    @Override
    public Object run(Map<String, Object> args, RunContext context) throws Exception {
        String alert = Provider.required(args, "alert");
        String status = Provider.optional(args, "status", "firing");
        Duration within = Durations.parse(Provider.optional(args, "within", "60s"));
        Instant at = new AlertSinkClient(context.endpoints().alertSinkUrl(), context.endpoints().alertmanagerUrl())
                .await(alert, status, context.timeline().start(), within)
                .orElseThrow(() -> new IllegalStateException(alert + " did not reach the sink as " + status + " within " + within));
        context.timeline().add(at, "alert-" + status, alert);
        return context.timeline().secondsSinceStart(at);
    }
}
