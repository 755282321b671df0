package io.firedrill.chaos.provider;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The executors scenarios can name in {@code provider.type}. */
public final class Providers {

    private static final Map<String, Provider> BY_TYPE = Map.ofEntries(
            Map.entry("http", new HttpProvider()),
            Map.entry("prometheus", new PrometheusProvider()),
            Map.entry("sql", new SqlProvider()),
            Map.entry("stack", new StackProvider()),
            Map.entry("sleep", (Provider) (args, ctx) -> {
                Thread.sleep(io.firedrill.chaos.core.Durations.parse(Provider.required(args, "duration")).toMillis());
                return "slept " + args.get("duration");
            }),
            Map.entry("alert", new AlertProvider()),
            Map.entry("signal", new SignalProvider()),
            Map.entry("traffic", new TrafficProvider()),
            Map.entry("read-your-writes", new ReadYourWritesProvider()),
            Map.entry("chaos-monkey", new ChaosMonkeyProvider()),
            Map.entry("kafka", new KafkaProvider()));

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
