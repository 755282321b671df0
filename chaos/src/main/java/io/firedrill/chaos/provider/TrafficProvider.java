package io.firedrill.chaos.provider;

import io.firedrill.chaos.core.Durations;
import io.firedrill.chaos.core.RunContext;
import io.firedrill.traffic.Targets;
import io.firedrill.traffic.TrafficConfig;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.TrafficRun;
import io.firedrill.traffic.TrafficRunner;
import io.firedrill.traffic.data.DataSpec;
import io.firedrill.traffic.profile.LoadProfile;
import io.firedrill.traffic.profile.Profiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Synthetic traffic from the synthetic-data runner, in-process: {@code profile} constant (rate, duration),
 * ramp (from, to, duration) or flash-sale (buyers racing for {@code units} of {@code sku} within window), {@code seed},
 * {@code completion-timeout} and {@code poll-interval} of the follow-up reads of each checkout (200ms; a lagging replica
 * answers them 404 until it caught up, so a short interval multiplies the read load). Usually {@code background: true}.
 * Output: achieved rate, checkout outcomes and latency, so the journal shows what the users saw. While it runs, its
 * own figures are exposed on a free port and registered with the stack's Prometheus (file_sd), like the CLI's runs.
 *
 * <p>Traffic the system refuses proves nothing: when more than {@code max-refused-ratio} (default 5%) of the
 * checkouts get a 4xx, the step fails with the refusal reasons (a drifted request format once hid the oversell).
 */
public final class TrafficProvider implements Provider {

    @Override
    public Object run(Map<String, Object> args, RunContext context) {
        TrafficResult result = TrafficRunner.run(config(args, context));
        Map<String, Object> output = summary(result);
        double maxRefused = number(args, "max-refused-ratio", 0.05);
        result.operations().stream().filter(op -> op.operation().equals("checkout_accepted") && op.count() > 0).forEach(op -> {
            long refused = op.outcomes().getOrDefault("client_error", 0L);
            if (refused > maxRefused * op.count()) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                        "the system refused the traffic: %d of %d checkouts got a 4xx (reasons %s); outcomes %s",
                        refused, op.count(), op.reasons(), output));
            }
        });
        return output;
    }

    /**
     * Starts the same traffic in the background and returns at once (a drill's steady checkouts, stopped when the drill
     * ends); {@code args} as for a scenario's traffic step, placeholders already resolved.
     */
    public static TrafficRun start(Map<String, Object> args, RunContext context) {
        return TrafficRunner.start(config(args, context));
    }

    /** What the journal records of a traffic run: achieved rate, outcomes per operation, request p99. */
    public static Map<String, Object> summary(TrafficResult result) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("profile", result.run().profileDescription());
        output.put("sent", result.rates().sent());
        output.put("dropped", result.rates().dropped());
        output.put("requestsP99Ms", result.requestsLatencyMs().p99());
        result.operations().forEach(op -> output.put(op.operation() + ".outcomes", op.outcomes()));
        return output;
    }

    private static TrafficConfig config(Map<String, Object> args, RunContext context) {
        String profile = Provider.optional(args, "profile", "constant");
        LoadProfile load = switch (profile) {
            case "constant" -> Profiles.constant(number(args, "rate", 10), Durations.parse(Provider.optional(args, "duration", "30s")));
            case "ramp" -> Profiles.ramp(number(args, "from", 1), number(args, "to", 20), Durations.parse(Provider.optional(args, "duration", "30s")));
            case "flash-sale" -> Profiles.flashSale((int) number(args, "buyers", 500), Durations.parse(Provider.optional(args, "window", "5s")));
            default -> throw new IllegalArgumentException("unknown traffic profile '" + profile + "' (constant, ramp, flash-sale)");
        };
        DataSpec data = DataSpec.defaults();
        if (profile.equals("flash-sale")) { // every buyer races for the same hot SKU, stocked with `units`
            data = data.withFlashSale(new DataSpec.FlashSale(Provider.optional(args, "sku", "FLASH-0001"),
                    (int) number(args, "units", 100), (int) number(args, "buyers", 500)));
        }
        // The services of this run's stack (its port block), never the default block's.
        Map<String, String> vars = context.variables();
        TrafficConfig config = TrafficConfig.builder(load)
                .targets(new Targets(URI.create(vars.get("order.url")), URI.create(vars.get("inventory.url")),
                        URI.create(vars.get("notification.url")), URI.create(vars.get("payment.url")),
                        URI.create(vars.get("inventory.admin")),
                        vars.get("admin.token")))
                .data(data)
                .seed((long) number(args, "seed", 42))
                .completionTimeout(Durations.parse(Provider.optional(args, "completion-timeout", "60s")))
                .pollInterval(Durations.parse(Provider.optional(args, "poll-interval", "200ms")))
                // Scraped like the CLI's runs: any free port, registered with this stack's Prometheus (file_sd) while
                // the run lasts, so the journal's queries and dashboards see what the users saw.
                .metricsPort(0)
                .prometheusTargetsDir(prometheusTargets(context))
                .build();
        return config;
    }

    /** The stack's file_sd directory, when its Prometheus has one (as the CLI registers only when it exists). */
    private static Path prometheusTargets(RunContext context) {
        Path dir = context.stack().layout().prometheusTargets();
        return Files.isDirectory(dir) ? dir : null;
    }

    private static double number(Map<String, Object> args, String name, double fallback) {
        Object value = args.get(name);
        return value == null ? fallback : Double.parseDouble(value.toString());
    }

    static Duration duration(Map<String, Object> args, String name, String fallback) {
        return Durations.parse(Provider.optional(args, name, fallback));
    }
}
