package io.firedrill.cdcrelay.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The relay's meters. Prometheus names: {@code firedrill_cdc_events_relayed_total{topic}},
 * {@code firedrill_cdc_dlq_total}, {@code firedrill_cdc_lag_seconds}, {@code firedrill_cdc_heartbeat_age_seconds},
 * {@code firedrill_cdc_relay_paused}, {@code firedrill_cdc_relay_streaming},
 * {@code firedrill_cdc_publish_failures_total}, {@code firedrill_cdc_engine_restarts_total},
 * {@code firedrill_cdc_relay_latency_seconds} (row written → Kafka acknowledged, histogram).
 */
final class RelayMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> relayedByTopic = new ConcurrentHashMap<>();
    private final Counter dlq;
    private final Counter publishFailures;
    private final Counter engineRestarts;
    private final Timer latency;

    RelayMetrics(MeterRegistry registry, RelayClock clock, BooleanSupplier paused, BooleanSupplier streaming) {
        this.registry = registry;
        this.dlq = Counter.builder("firedrill.cdc.dlq")
                .description("Outbox rows sent to the relay DLQ instead of their topic")
                .register(registry);
        this.publishFailures = Counter.builder("firedrill.cdc.publish.failures")
                .description("Batches Kafka did not acknowledge in full (retried)")
                .register(registry);
        this.engineRestarts = Counter.builder("firedrill.cdc.engine.restarts")
                .description("Debezium engine restarts after a failure, a stall (the watchdog) or an operator's request")
                .register(registry);
        this.latency = Timer.builder("firedrill.cdc.relay.latency")
                .description("Outbox row written (created_at, else binlog time) to Kafka acknowledgement")
                // A dozen fixed buckets rather than Micrometer's ~80 percentile buckets: enough for p50/p99 and SLOs.
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
                        Duration.ofSeconds(30))
                .register(registry);
        Gauge.builder("firedrill.cdc.lag", clock, RelayClock::lagSeconds)
                .baseUnit("seconds")
                .description("Now minus the source time up to which every change has been relayed (heartbeats advance it when idle)")
                .register(registry);
        Gauge.builder("firedrill.cdc.heartbeat.age", clock, RelayClock::heartbeatAgeSeconds)
                .baseUnit("seconds")
                .description("Time since the relay last handled a heartbeat or change; grows when paused or the database stalls")
                .register(registry);
        Gauge.builder("firedrill.cdc.relay.paused", () -> paused.getAsBoolean() ? 1 : 0)
                .description("1 while relaying is paused by the admin endpoint")
                .register(registry);
        Gauge.builder("firedrill.cdc.relay.streaming", () -> streaming.getAsBoolean() ? 1 : 0)
                .description("1 once the current engine delivers records")
                .register(registry);
    }

    void relayed(String topic, Duration sinceWritten) {
        relayedByTopic.computeIfAbsent(topic, t -> Counter.builder("firedrill.cdc.events.relayed")
                .description("Outbox rows published to their topic and acknowledged by Kafka")
                .tag("topic", t)
                .register(registry)).increment();
        if (sinceWritten != null && !sinceWritten.isNegative()) {
            latency.record(sinceWritten);
        }
    }

    void deadLettered() {
        dlq.increment();
    }

    void publishFailed() {
        publishFailures.increment();
    }

    void engineRestarted() {
        engineRestarts.increment();
    }
}
