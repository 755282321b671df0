package io.firedrill.chaos.provider;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The executors scenarios can name in {@code provider.type}. */
public final class Providers {

    private static final Map<String, Provider> BY_TYPE = Map.of(
            "http", new HttpProvider(),
            "prometheus", new PrometheusProvider(),
            "sql", new SqlProvider(),
            "stack", new StackProvider(),
            "sleep", (args, ctx) -> {
                Thread.sleep(io.firedrill.chaos.runner.Durations.parse(Provider.required(args, "duration")).toMillis());
                return "slept " + args.get("duration");
            },
            "alert", new AlertProvider(),
            "signal", new SignalProvider(),
            "traffic", new TrafficProvider(),
            "chaos-monkey", new ChaosMonkeyProvider());

    private Providers() {}

    public static Provider forType(String type) {
        Provider provider = BY_TYPE.get(type);
        if (provider == null) {
            throw new IllegalArgumentException("unknown provider type '" + type + "'; known: " + types());
        }
        return provider;
    }

    public static Set<String> types() {
        return new TreeSet<>(BY_TYPE.keySet());
    }
}
