package io.firedrill.order.persistence;

import io.firedrill.order.OrderProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Measures how far the replica the read endpoints use is behind the primary. Every {@code heartbeatInterval} it writes
 * the primary's clock into {@code replica_heartbeat} and reads the row back on the replica: the replica's copy is as
 * old as the replication lag (plus at most one interval). A stopped SQL thread, a {@code MASTER_DELAY} or a slow
 * applier all show, where {@code Seconds_Behind_Master} turns NULL or 0. Also reports whether the replica's IO and SQL
 * threads run ({@code SHOW SLAVE STATUS}).
 *
 * <p>Gauges: {@code firedrill_replica_lag_seconds}, {@code firedrill_replica_sql_running},
 * {@code firedrill_replica_io_running} (1 running, 0 stopped); NaN while the replica cannot be read, so a dead replica
 * is a missing value and never a reassuring 0.
 */
@Component
public class ReplicaLagMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaLagMonitor.class);
    private static final String BEAT = "INSERT INTO replica_heartbeat (id, beat_at) VALUES (1, UTC_TIMESTAMP(6)) "
            + "ON DUPLICATE KEY UPDATE beat_at = VALUES(beat_at)";
    private static final String AGE_ON_REPLICA =
            "SELECT TIMESTAMPDIFF(MICROSECOND, beat_at, UTC_TIMESTAMP(6)) FROM replica_heartbeat WHERE id = 1";

    /** One reading; NaN where unknown. */
    public record Reading(double lagSeconds, double sqlRunning, double ioRunning) {
        static final Reading UNKNOWN = new Reading(Double.NaN, Double.NaN, Double.NaN);
    }

    private final JdbcTemplate primary;
    private final ReplicaDatabase replica;
    private final Duration staleAfter;
    private volatile Reading last = Reading.UNKNOWN;
    private volatile long lastReadNanos = System.nanoTime();
    private volatile String lastProblem;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replica-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public ReplicaLagMonitor(JdbcTemplate primary, OrderProperties properties, MeterRegistry meters) {
        this.primary = primary;
        this.replica = new ReplicaDatabase(properties.replica(), "replica-lag-monitor", 1, meters);
        Duration interval = properties.replica().heartbeatInterval();
        // A reading this old says nothing about now: report unknown rather than an old lag.
        this.staleAfter = interval.multipliedBy(5);
        Gauge.builder("firedrill_replica_lag_seconds", this, m -> m.current().lagSeconds())
                .description("Age of the heartbeat row the replica holds (written on the primary every "
                        + interval.toMillis() + " ms): how stale replica reads are")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("firedrill_replica_sql_running", this, m -> m.current().sqlRunning())
                .description("1 while the replica's SQL (applier) thread runs, 0 when stopped (SHOW SLAVE STATUS)")
                .register(meters);
        Gauge.builder("firedrill_replica_io_running", this, m -> m.current().ioRunning())
                .description("1 while the replica's IO (receiver) thread runs, 0 when stopped (SHOW SLAVE STATUS)")
                .register(meters);
        long period = Math.max(100, interval.toMillis());
        beats.scheduleWithFixedDelay(this::beatAndMeasure, 0, period, TimeUnit.MILLISECONDS);
    }

    /** The latest reading, or unknown when it is too old (the replica or the monitor stopped answering). */
    public Reading current() {
        if (System.nanoTime() - lastReadNanos > staleAfter.toNanos()) {
            return Reading.UNKNOWN;
        }
        return last;
    }

    /** Replica lag in seconds; NaN when unknown. */
    public double lagSeconds() {
        return current().lagSeconds();
    }

    /** Writes a heartbeat on the primary and reads the replica's copy and thread states now (also done on a timer). */
    public Reading measure() {
        try {
            primary.update(BEAT);
        } catch (RuntimeException e) {
            // The primary being down is someone else's alert; the replica's copy still says how old reads are.
            problem("heartbeat write on the primary failed: " + e.getMessage());
        }
        double lag;
        double sql = Double.NaN;
        double io = Double.NaN;
        try {
            List<Long> micros = replica.jdbc().queryForList(AGE_ON_REPLICA, Long.class);
            lag = micros.isEmpty() || micros.get(0) == null ? Double.NaN : Math.max(0, micros.get(0)) / 1_000_000.0;
            List<Map<String, Object>> status = replica.jdbc().queryForList("SHOW SLAVE STATUS");
            if (!status.isEmpty()) {
                sql = running(status.get(0).get("Slave_SQL_Running"));
                io = running(status.get(0).get("Slave_IO_Running"));
            } else {
                // Not configured as a replica at all: nothing is applied.
                sql = 0;
                io = 0;
            }
        } catch (RuntimeException e) {
            problem("replica unreadable: " + e.getMessage());
            return Reading.UNKNOWN;
        }
        Reading reading = new Reading(lag, sql, io);
        last = reading;
        lastReadNanos = System.nanoTime();
        if (lastProblem != null) {
            log.info("replica heartbeat readable again: lag {} s, sql {}, io {}", lag, sql, io);
            lastProblem = null;
        }
        return reading;
    }

    private static double running(Object state) {
        // "Yes", "No", or "Preparing"/"Connecting" while starting: only "Yes" applies or receives anything.
        return "Yes".equalsIgnoreCase(String.valueOf(state)) ? 1 : 0;
    }

    private void beatAndMeasure() {
        try {
            measure();
        } catch (RuntimeException e) {
            problem(e.toString());
        }
    }

    private void problem(String problem) {
        if (!problem.equals(lastProblem)) {
            log.warn("replica lag monitor: {}", problem);
            lastProblem = problem;
        }
    }

    @Override
    public void close() {
        beats.shutdownNow();
        replica.close();
    }
}
