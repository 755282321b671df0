package io.firedrill.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.contracts.events.InventoryReserved;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.contracts.events.ReservationCommitted;
import io.firedrill.contracts.events.ShipmentCreated;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Throughput and latency of order-service alone: checkouts are POSTed at fixed rates (open model: sent on schedule
 * whatever the latency), and a simulated participant answers every command as soon as it appears in the outbox
 * (polled every 5 ms, replies through Kafka). Reports completed sagas per second and POST → COMPLETED percentiles
 * (database times). Not part of the normal build; run with
 * {@code mvn -B -ntp -pl services/order-service test -Dtest=CheckoutSagaBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.rates=50,100,150 -Dbench.seconds=15}.
 */
@org.springframework.test.context.TestPropertySource(properties = {
        "spring.cloud.stream.kafka.binder.min-partition-count=${bench.partitions:3}",
        "spring.cloud.stream.bindings.inventoryEvents-in-0.consumer.concurrency=${bench.partitions:3}",
        "spring.cloud.stream.bindings.paymentEvents-in-0.consumer.concurrency=${bench.partitions:3}",
        "spring.cloud.stream.bindings.shipmentEvents-in-0.consumer.concurrency=${bench.partitions:3}",
        "spring.datasource.hikari.maximum-pool-size=${bench.pool:10}"})
class CheckoutSagaBenchmark extends OrderServiceTestBase {

    @org.springframework.beans.factory.annotation.Autowired io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void checkoutsAtIncreasingRates() throws Exception {
        List<Integer> rates = List.of(System.getProperty("bench.rates", "50,100,150").split(",")).stream()
                .map(String::trim).map(Integer::parseInt).toList();
        int seconds = Integer.getInteger("bench.seconds", 15);
        retireEverySagaInFlight(); // earlier runs' sagas would keep the sweeper busy and skew the figures
        String sku = newSku(1000);
        placeOrder(UUID.randomUUID(), sku, 1); // warm the price cache and the code paths
        Participants participants = new Participants();
        participants.start();
        List<String> rows = new ArrayList<>();
        try {
            for (int rate : rates) {
                rows.add(run(rate, seconds, sku, participants));
                System.out.println("bench " + rows.get(rows.size() - 1));
            }
        } finally {
            participants.stop();
            retireEverySagaInFlight();
        }
        List<Double> lags = new ArrayList<>(participants.answerLagMillis);
        Collections.sort(lags);
        System.out.printf(Locale.ROOT, "%nparticipant answer lag (outbox commit -> reply sent) p50 %.0f ms, p99 %.0f ms over %d commands%n",
                pctD(lags, 50), pctD(lags, 99), lags.size());
        System.out.println(hops());
        meters.find("firedrill_events_handling_seconds").timers().forEach(t -> System.out.printf(Locale.ROOT,
                "handled %s %s: %d, mean %.1f ms, max %.1f ms%n", t.getId().getTag("type"), t.getId().getTag("outcome"),
                t.count(), t.mean(TimeUnit.MILLISECONDS), t.max(TimeUnit.MILLISECONDS)));
        System.out.println("\n| offered/s | sent | POST p50 ms | POST p99 ms | completed | completed/s | saga p50 ms | saga p95 ms | saga p99 ms | not completed after 20 s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private String run(int rate, int seconds, String sku, Participants participants) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        List<UUID> orders = new CopyOnWriteArrayList<>();
        List<Long> postMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        int total = rate * seconds;
        AtomicInteger sent = new AtomicInteger();
        Instant start = Instant.now();
        schedule.scheduleAtFixedRate(() -> {
            if (sent.incrementAndGet() > total) {
                return;
            }
            long t0 = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/orders"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(checkout(UUID.randomUUID(), sku, 1))).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                postMillis.add((System.nanoTime() - t0) / 1_000_000);
                if (error != null || response.statusCode() != 202) {
                    failures.incrementAndGet();
                    return;
                }
                UUID id = UUID.fromString(tree(response.body()).path("orderId").asText());
                participants.mine.add(id);
                orders.add(id);
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        Thread.sleep(seconds * 1000L);
        schedule.shutdown();
        schedule.awaitTermination(5, TimeUnit.SECONDS);
        Instant responses = Instant.now().plusSeconds(20);
        while (postMillis.size() < Math.min(total, sent.get()) && Instant.now().isBefore(responses)) {
            Thread.sleep(50);
        }
        List<UUID> placed = List.copyOf(orders);
        Instant deadline = Instant.now().plusSeconds(20);
        int completed = 0;
        while (Instant.now().isBefore(deadline)) {
            completed = countCompleted(placed);
            if (completed == placed.size()) {
                break;
            }
            Thread.sleep(200);
        }
        List<Double> saga = sagaMillis(placed);
        Instant lastCompletion = lastCompletion(placed);
        double window = Duration.between(start, lastCompletion == null ? Instant.now() : lastCompletion).toMillis() / 1000.0;
        List<Long> post = new ArrayList<>(postMillis);
        Collections.sort(post);
        return String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %.1f | %.0f | %.0f | %.0f | %d (+%d POST failures) |",
                rate, total, pct(post, 50), pct(post, 99), completed, completed / window, pctD(saga, 50), pctD(saga, 95),
                pctD(saga, 99), placed.size() - completed, failures.get());
    }

    private void retireEverySagaInFlight() {
        jdbc.update("UPDATE saga_instance SET state = 'CANCELLED', step = NULL, step_deadline = NULL, "
                + "last_error = 'retired by the benchmark', version = version + 1 WHERE state IN ('RUNNING', 'COMPENSATING')");
    }

    /** Median gap between consecutive commands of completed orders: reply handling plus the participant's answer. */
    private String hops() {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT a.type AS from_type, "
                + "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY TIMESTAMPDIFF(MICROSECOND, a.created_at, b.created_at)) "
                + "OVER (PARTITION BY a.type) / 1000 AS p50_ms FROM outbox a JOIN outbox b ON a.aggregateid = b.aggregateid "
                + "AND ((a.type = 'ReserveInventory' AND b.type = 'AuthorizePayment') "
                + "OR (a.type = 'AuthorizePayment' AND b.type = 'CommitReservation') "
                + "OR (a.type = 'CommitReservation' AND b.type = 'CreateShipment') "
                + "OR (a.type = 'CreateShipment' AND b.type = 'OrderCompleted')) "
                + "WHERE a.created_at > UTC_TIMESTAMP() - INTERVAL 10 MINUTE");
        Map<String, Object> byType = new java.util.TreeMap<>();
        rows.forEach(r -> byType.put((String) r.get("from_type"), r.get("p50_ms")));
        return "median command -> next command (reply handled) ms: " + byType;
    }

    private int countCompleted(List<UUID> orders) {
        int completed = 0;
        for (List<UUID> chunk : chunks(orders)) {
            completed += jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE status = 'COMPLETED' AND id IN ("
                    + placeholders(chunk.size()) + ")", Integer.class, chunk.stream().map(UUID::toString).toArray());
        }
        return completed;
    }

    private List<Double> sagaMillis(List<UUID> orders) {
        List<Double> millis = new ArrayList<>();
        for (List<UUID> chunk : chunks(orders)) {
            millis.addAll(jdbc.queryForList("SELECT TIMESTAMPDIFF(MICROSECOND, created_at, updated_at) / 1000.0 FROM orders "
                    + "WHERE status = 'COMPLETED' AND id IN (" + placeholders(chunk.size()) + ")", Double.class,
                    chunk.stream().map(UUID::toString).toArray()));
        }
        Collections.sort(millis);
        return millis;
    }

    private Instant lastCompletion(List<UUID> orders) {
        Instant last = null;
        for (List<UUID> chunk : chunks(orders)) {
            String value = jdbc.queryForObject("SELECT MAX(updated_at) FROM orders WHERE status = 'COMPLETED' AND id IN ("
                    + placeholders(chunk.size()) + ")", String.class, chunk.stream().map(UUID::toString).toArray());
            if (value != null) {
                Instant t = java.time.LocalDateTime.parse(value.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC);
                last = last == null || t.isAfter(last) ? t : last;
            }
        }
        return last;
    }

    /** Answers each new command in the outbox like a healthy participant would. */
    private final class Participants {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Set<String> answered = ConcurrentHashMap.newKeySet();
        /** Orders this benchmark placed: commands of other orders (earlier runs) are not answered. */
        final Set<UUID> mine = ConcurrentHashMap.newKeySet();
        /** Like real participants, idempotent by order id: a resent command gets the same reply. */
        private final Map<UUID, UUID> reservations = new ConcurrentHashMap<>();
        private final Map<UUID, UUID> payments = new ConcurrentHashMap<>();
        /** Per answered command: milliseconds from its outbox commit to the reply being sent. */
        final List<Double> answerLagMillis = Collections.synchronizedList(new ArrayList<>());
        private Thread thread;

        void start() {
            thread = new Thread(this::loop, "bench-participants");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }

        private void loop() {
            // Rows of concurrent transactions become visible out of created_at order: re-read a trailing window.
            // Epoch seconds keep the session time zone out of it.
            double since = jdbc.queryForObject("SELECT UNIX_TIMESTAMP(NOW(6))", Double.class) - 1;
            while (running.get()) {
                List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, type, aggregateid, payload, "
                        + "UNIX_TIMESTAMP(created_at) AS at FROM outbox WHERE created_at > FROM_UNIXTIME(?) "
                        + "AND type IN ('ReserveInventory','AuthorizePayment','CommitReservation','CreateShipment') "
                        + "ORDER BY created_at", since);
                double newest = since;
                for (Map<String, Object> row : rows) {
                    newest = Math.max(newest, ((Number) row.get("at")).doubleValue());
                    UUID order = UUID.fromString((String) row.get("aggregateid"));
                    if (mine.contains(order) && answered.add((String) row.get("id"))) {
                        answerLagMillis.add(System.currentTimeMillis() - ((Number) row.get("at")).doubleValue() * 1000);
                        answer((String) row.get("type"), UUID.fromString((String) row.get("aggregateid")), tree((String) row.get("payload")));
                    }
                }
                participants().flush();
                since = Math.max(since, newest - 2);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void answer(String type, UUID order, JsonNode payload) {
            switch (type) {
                case "ReserveInventory" -> participants().sendAsync(new InventoryReserved(order,
                        reservations.computeIfAbsent(order, o -> UUID.randomUUID()), Instant.now().plusSeconds(30)));
                case "AuthorizePayment" -> participants().sendAsync(new PaymentAuthorized(order,
                        payments.computeIfAbsent(order, o -> UUID.randomUUID()), payload.path("amountCents").asLong()));
                case "CommitReservation" -> participants().sendAsync(new ReservationCommitted(order,
                        UUID.fromString(payload.path("reservationId").asText())));
                case "CreateShipment" -> participants().sendAsync(new ShipmentCreated(order, UUID.randomUUID(),
                        "labels/" + order + ".png"));
                default -> { }
            }
        }
    }

    private static List<List<UUID>> chunks(List<UUID> all) {
        List<List<UUID>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 500) {
            chunks.add(all.subList(i, Math.min(all.size(), i + 500)));
        }
        return chunks;
    }

    private static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double pctD(List<Double> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
