package io.firedrill.order.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.firedrill.order.OrderProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read-only connection pool on the MariaDB replica, used by the read endpoints only. Deliberately not a
 * {@code DataSource} bean: the primary stays Boot's single auto-configured datasource (Flyway, transactions, the
 * outbox), and nothing can write here by accident. Starts even when the replica is down (reads then fail with 503).
 */
public final class ReplicaDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;

    public ReplicaDatabase(OrderProperties.Replica replica, MeterRegistry meters) {
        this(replica, "replica", replica.maxPoolSize(), meters);
    }

    /**
     * A pool of its own, e.g. one connection for the lag monitor: measuring the replica must not wait behind the
     * reads it is meant to protect (under load the shared pool ran dry and the lag gauge went blank).
     */
    public ReplicaDatabase(OrderProperties.Replica replica, String poolName, int maxPoolSize, MeterRegistry meters) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(replica.url());
        config.setUsername(replica.username());
        config.setPassword(replica.password());
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(1);
        config.setReadOnly(true);
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        // Do not fail start-up when the replica is unreachable: the service can still take orders.
        config.setInitializationFailTimeout(-1);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        this.dataSource = new HikariDataSource(config);
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
