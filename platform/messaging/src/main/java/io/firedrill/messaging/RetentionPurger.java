package io.firedrill.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps the messaging tables bounded: every minute it deletes, in batches of 1,000, outbox rows older than
 * {@code outboxRetention} and processed-message rows older than {@code processedMessageRetention}.
 * <ul>
 *   <li>Outbox rows are kept a while (rather than deleted in the inserting transaction) so an operator can see what a
 *       service announced; the relay reads the binlog and ignores deletes, so purging never publishes anything.</li>
 *   <li>A processed-message row is what makes a redelivery harmless, so it must outlive every way the message can
 *       come back: the topic's retention (a consumer group reset to the earliest offset replays all of it). The
 *       default, 7 days, is Kafka's default retention; the embedded stack, whose broker keeps 24 h, sets 25 h.</li>
 * </ul>
 * {@code firedrill_messaging_purged_rows_total{table}} counts what it deleted.
 */
public class RetentionPurger implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurger.class);
    private static final int BATCH = 1000;

    private final JdbcTemplate jdbc;
    private final Duration outboxRetention;
    private final Duration processedMessageRetention;
    private final Clock clock;
    private final Counter outboxPurged;
    private final Counter processedPurged;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "messaging-retention");
        t.setDaemon(true);
        return t;
    });

    public RetentionPurger(JdbcTemplate jdbc, Duration outboxRetention, Duration processedMessageRetention, Clock clock,
                           MeterRegistry meters) {
        this.jdbc = jdbc;
        this.outboxRetention = outboxRetention;
        this.processedMessageRetention = processedMessageRetention;
        this.clock = clock;
        this.outboxPurged = purged(meters, "outbox");
        this.processedPurged = purged(meters, "processed_message");
    }

    private static Counter purged(MeterRegistry meters, String table) {
        return Counter.builder("firedrill_messaging_purged_rows_total")
                .description("Rows of the messaging tables deleted past their retention")
                .tag("table", table)
                .register(meters);
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::purgeSafely, 1, 1, TimeUnit.MINUTES);
    }

    /** Deletes the outbox rows past their retention now; returns how many. */
    public int purgeOutbox() {
        int deleted = purge("DELETE FROM outbox WHERE created_at < ? LIMIT " + BATCH, outboxRetention);
        outboxPurged.increment(deleted);
        return deleted;
    }

    /** Deletes the processed-message rows past their retention now; returns how many. */
    public int purgeProcessedMessages() {
        int deleted = purge("DELETE FROM processed_message WHERE processed_at < ? LIMIT " + BATCH, processedMessageRetention);
        processedPurged.increment(deleted);
        return deleted;
    }

    private int purge(String statement, Duration retention) {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(retention));
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update(statement, cutoff);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    private void purgeSafely() {
        try {
            int outbox = purgeOutbox();
            int processed = purgeProcessedMessages();
            if (outbox + processed > 0) {
                log.info("purged {} outbox rows older than {} and {} processed-message rows older than {}", outbox,
                        outboxRetention, processed, processedMessageRetention);
            }
        } catch (RuntimeException e) {
            log.warn("messaging table purge failed, will retry: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
