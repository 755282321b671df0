package io.firedrill.traffic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.traffic.engine.Endpoint;
import io.firedrill.traffic.engine.MaxRateProbe;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code max-rate}: measures this generator's own ceiling against a local endpoint. */
@Command(name = "max-rate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure this generator's own ceiling against one trivial local endpoint (used by bench-traffic):",
                "  closed loop: --connections requests always out, like wrk;",
                "  open model: the highest constant rate it sustains: no drop (in-flight bound --open-in-flight), no "
                        + "error, >= 99%% sent and answered, latency p50 <= 10 ms and p99 <= 250 ms, over --connections connections (step search; "
                        + "stalls of a busy machine show in the reported p99).",
                "Prints one JSON object."})
final class MaxRateCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "Endpoint to GET, e.g. http://127.0.0.1:18080/.")
    URI url;

    @Option(names = "--connections", defaultValue = "64", description = "Keep-alive connections, as wrk's -c. "
            + "Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--duration", defaultValue = "10s", converter = SecondsDuration.class, description = "Closed-loop "
            + "measurement time. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "3s", converter = SecondsDuration.class, description = "JIT warm-up before "
            + "measuring. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--mode", defaultValue = "both", description = "closed, open or both. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--open-in-flight", defaultValue = "10000", description = "Open model: in-flight bound, large "
            + "enough that a short stall of a busy machine does not drop arrivals. Default: ${DEFAULT-VALUE}.")
    int openInFlight;

    @Option(names = "--step", defaultValue = "5s", converter = SecondsDuration.class, description = "Open model: duration of "
            + "each step. Default: ${DEFAULT-VALUE}.")
    Duration step;

    @Option(names = "--start-rate", defaultValue = "1000", description = "Open model: first rate tried. Default: ${DEFAULT-VALUE}.")
    double startRate;

    @Override
    public Integer call() throws IOException {
        if (!Endpoint.of("target", url).loopback()) {
            throw new IllegalArgumentException("max-rate only targets 127.0.0.1/localhost, got " + url);
        }
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException("--connections must be between 1 and 10000, got " + connections);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", url.toString());
        out.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        if (!mode.equals("open")) {
            MaxRateProbe.Result closed = MaxRateProbe.saturate(url, connections, warmup, duration);
            out.put("closedLoop", closed);
        }
        if (!mode.equals("closed")) {
            out.put("openModel", OpenModelSearch.search(url, connections, openInFlight, startRate, step, mode.equals("open") ? warmup : Duration.ZERO));
        }
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return TrafficCli.PASS;
    }
}
