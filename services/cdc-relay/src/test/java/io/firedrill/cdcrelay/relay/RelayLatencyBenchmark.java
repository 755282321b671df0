package io.firedrill.cdcrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firedrill.cdcrelay.RelayProperties;
import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.stack.Endpoints;
import io.firedrill.stack.junit.FiredrillStackExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit → Kafka latency of the relay, measured end to end on the real stack: a paced writer commits single-row
 * transactions (open model: on schedule whatever the latency), a consumer in the same JVM timestamps each record on
 * arrival; latency = arrival − commit returned, both on System.nanoTime. Then a burst measures drain throughput.
 *
 * <p>Not part of the regular build (name does not end in Test). Run:
 * {@code mvn -B -ntp -pl services/cdc-relay test -Dtest=RelayLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.rows=2000 -Dbench.rate=200 -Dbench.burst=5000}. With {@code -Dbench.external=true} it measures the relay
 * already running (run.sh, which captures firedrill_.*) instead of starting one in this JVM.
 */
@ExtendWith(FiredrillStackExtension.class)
class RelayLatencyBenchmark {

    @TempDir
    Path dataDir;

    @Test
    void measuresCommitToKafkaLatency(Endpoints endpoints) throws Exception {
        int rows = Integer.getInteger("bench.rows", 2000);
        int rate = Integer.getInteger("bench.rate", 200);
        int burst = Integer.getInteger("bench.burst", 5000);
        boolean external = Boolean.getBoolean("bench.external");
        String topic = "relaybench-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + ".events";

        try (OutboxDatabase db = OutboxDatabase.create(endpoints); TopicTail tail = TopicTail.of(endpoints.kafkaBootstrap(), topic)) {
            OutboxRelay relay = null;
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            if (!external) {
                relay = new OutboxRelay(RelayProperties.defaults()
                        .withName("relaybench-" + db.name.substring(db.name.lastIndexOf('_') + 1))
                        .withServerId(100_000 + ThreadLocalRandom.current().nextInt(800_000))
                        .withDatabase("127.0.0.1", endpoints.mariadbPrimaryPort(), endpoints.dbUser(), endpoints.dbPassword())
                        .withKafkaBootstrap(endpoints.kafkaBootstrap())
                        .withDatabases(List.of(db.name))
                        .withDataDir(dataDir), registry);
                relay.start();
                assertThat(relay.awaitStreaming(Duration.ofSeconds(30))).isTrue();
            }
            try {
                Map<String, Long> committed = new ConcurrentHashMap<>();
                Map<String, Long> arrived = new ConcurrentHashMap<>();
                Thread consumer = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        List<ConsumerRecord<String, byte[]>> all = tail.poll(Duration.ofMillis(5));
                        long now = System.nanoTime();
                        for (int i = arrived.size(); i < all.size(); i++) {
                            arrived.putIfAbsent(TopicTail.header(all.get(i), MessageHeaderNames.EVENT_ID), now);
                        }
                    }
                }, "bench-consumer");
                consumer.start();

                // Warm-up: JIT, metadata of the new topic.
                try (Connection c = db.connect()) {
                    for (int i = 0; i < 50; i++) {
                        OutboxDatabase.insert(c, topic, "warm", "Warm", "{\"i\":" + i + "}", null);
                    }
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> arrived.size() >= 50);
                arrived.clear();

                long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
                List<String> paced = new ArrayList<>(rows);
                try (Connection c = db.connect()) {
                    long start = System.nanoTime();
                    for (int i = 0; i < rows; i++) {
                        long due = start + i * periodNanos;
                        while (System.nanoTime() < due) {
                            Thread.onSpinWait();
                        }
                        String id = OutboxDatabase.insert(c, topic, "o-" + (i % 64), "Paced",
                                "{\"orderId\":\"o-" + i + "\",\"n\":" + i + "}", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
                        committed.put(id, System.nanoTime());
                        paced.add(id);
                    }
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> paced.stream().allMatch(arrived::containsKey));
                List<Double> latencies = new ArrayList<>();
                for (String id : paced) {
                    latencies.add((arrived.get(id) - committed.get(id)) / 1e6);
                }
                Collections.sort(latencies);
                double internalMean = external ? Double.NaN
                        : registry.get("firedrill.cdc.relay.latency").timer().mean(TimeUnit.MILLISECONDS);

                List<String> burstIds = new ArrayList<>(burst);
                long burstStart = System.nanoTime();
                try (Connection c = db.connect()) {
                    for (int i = 0; i < burst; i++) {
                        burstIds.add(OutboxDatabase.insert(c, topic, "o-" + (i % 64), "Burst", "{\"n\":" + i + "}", null));
                    }
                }
                long burstWritten = System.nanoTime();
                await().atMost(Duration.ofSeconds(120)).until(() -> burstIds.stream().allMatch(arrived::containsKey));
                long burstDrained = burstIds.stream().mapToLong(arrived::get).max().orElseThrow();
                consumer.interrupt();
                consumer.join(2000);

                double writeSeconds = (burstWritten - burstStart) / 1e9;
                double drainSeconds = (burstDrained - burstStart) / 1e9;
                String report = String.format(Locale.ROOT, """
                        {"relay":"%s","rows":%d,"rate_per_s":%d,"latency_ms":{"p50":%.2f,"p90":%.2f,"p99":%.2f,"max":%.2f},
                         "burst":{"rows":%d,"write_s":%.2f,"commit_rate_per_s":%.0f,"all_relayed_s":%.2f,"relay_rate_per_s":%.0f,
                         "tail_after_last_commit_ms":%.1f},
                         "relay_internal_written_to_ack_ms_mean_paced":%.2f,"load_average_1m":%.2f}
                        """, external ? "external (run.sh)" : "in-process", rows, rate,
                        pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), latencies.get(latencies.size() - 1),
                        burst, writeSeconds, burst / writeSeconds, drainSeconds, burst / drainSeconds,
                        (burstDrained - burstWritten) / 1e6,
                        internalMean,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                System.out.println("RELAY-BENCH " + report);
                Path out = Path.of("target", "bench", "relay-latency.json");
                Files.createDirectories(out.getParent());
                Files.writeString(out, report);
            }
            finally {
                if (relay != null) {
                    relay.stop();
                }
            }
        }
    }

    private static double pct(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
