package io.firedrill.messaging;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes outbox rows older than the retention, in small batches. Rows are kept for a while (rather than
 * deleted in the inserting transaction) so an operator can see what a service announced; the relay reads
 * the binlog and ignores deletes, so purging never publishes anything.
 */
public class OutboxPurger implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxPurger.class);

    private final JdbcTemplate jdbc;
    private final Duration retention;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outbox-purger");
        t.setDaemon(true);
        return t;
    });

    public OutboxPurger(JdbcTemplate jdbc, Duration retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::purgeSafely, 1, 1, TimeUnit.MINUTES);
    }

    public int purge() {
        Timestamp cutoff = Timestamp.from(Instant.now().minus(retention));
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update("DELETE FROM outbox WHERE created_at < ? LIMIT 1000", cutoff);
            total += deleted;
        } while (deleted == 1000);
        return total;
    }

    private void purgeSafely() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                log.info("purged {} outbox rows older than {}", deleted, retention);
            }
        } catch (RuntimeException e) {
            log.warn("outbox purge failed, will retry: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
