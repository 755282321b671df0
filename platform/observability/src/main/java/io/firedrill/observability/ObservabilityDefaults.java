package io.firedrill.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tracing and logging settings shared by every Firedrill application, added as the lowest-precedence property
 * source: an application's own {@code application.yml}, its command line or an environment variable
 * ({@code OTEL_SDK_DISABLED=true}, {@code OTEL_TRACES_SAMPLER_ARG=1.0}) overrides any of them.
 *
 * <p>Spans go to the stack's Zipkin ({@code FIREDRILL_ZIPKIN_URL} from {@code stack.env}); metrics stay with
 * Micrometer and {@code /actuator/prometheus}, logs stay JSON lines on the console, so the OpenTelemetry metric
 * and log exporters are off. Runs before logging is initialised, so the log format set here applies from the
 * first line.
 */
public final class ObservabilityDefaults implements EnvironmentPostProcessor {

    public static final String SOURCE_NAME = "firedrillObservabilityDefaults";

    static final Map<String, Object> DEFAULTS = defaults();

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("otel.service.name", "${spring.application.name}");
        d.put("otel.traces.exporter", "zipkin");
        d.put("otel.exporter.zipkin.endpoint", "${FIREDRILL_ZIPKIN_URL}/api/v2/spans");
        // Head sampling: 10% of checkouts, decided once at the edge; every child follows its parent's decision, so a
        // sampled checkout is whole. Tracing every checkout costs ~22% of a 2-core machine's saga capacity
        // (bench/results/observability.md); the local stack sets OTEL_TRACES_SAMPLER_ARG=1.0 for drills.
        d.put("otel.traces.sampler", "parentbased_traceidratio");
        d.put("otel.traces.sampler.arg", "0.1");
        d.put("otel.metrics.exporter", "none");
        d.put("otel.logs.exporter", "none");
        d.put("otel.instrumentation.logback-appender.enabled", "false");
        d.put("otel.instrumentation.runtime-telemetry.enabled", "false");
        // trace_id / span_id of the current span in the MDC of every log line.
        d.put("otel.instrumentation.logback-mdc.enabled", "true");
        // A span per SQL statement would multiply the spans of a checkout by ~20 and evict whole traces from
        // Zipkin's in-memory store under load; a span per sweeper/reaper poll would be two root traces a second.
        d.put("otel.instrumentation.jdbc.enabled", "false");
        d.put("otel.instrumentation.spring-scheduling.enabled", "false");
        d.put("logging.structured.format.console", "ecs");
        d.put("logging.structured.ecs.service.name", "${spring.application.name}");
        return Map.copyOf(d);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SOURCE_NAME)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, new LinkedHashMap<>(DEFAULTS)));
        }
    }
}
