package io.firedrill.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every service gets for its database driver, Kafka consumers and web servers, as the lowest-precedence
 * property source (an application's own configuration overrides any of them).
 *
 * <p>Database: without them MySQL Connector/J re-parses every SQL string on every {@code prepareStatement}
 * (client-side prepared statements, no cache), asks the server for its session state around each transaction and
 * reads the server configuration on every new connection: bench-saga's profile found a third of order-service's CPU
 * samples in {@code com.mysql.cj}. The statements stay client-side prepared (one round trip each); only their parse is
 * cached.
 *
 * <p>Kafka consumers: an idle stack must stay idle. A consumer's fetch waits on the broker until a record arrives or
 * {@code fetch.max.wait.ms} passes; a record ends the wait at once ({@code fetch.min.bytes} 1), so a long wait costs no
 * latency, only fewer empty fetches (the default 500 ms made every consumer of the stack, about thirty, ask twice a
 * second). Heartbeats every 3 s keep a third of the session timeout (10 s), as Kafka advises.
 *
 * <p>Web servers: each service runs two Tomcats (application and management port); ten idle threads kept in each by
 * default are resident memory for nothing on a machine with two cores. Threads are still added up to the maximum
 * under load. The accept queue holds 4,096 connections (Linux caps it at net.core.somaxconn) instead of Tomcat's 100:
 * a flash sale opens thousands of connections within a second, and with 100 the kernel dropped 23,620 handshakes,
 * whose clients then waited 1, 3 and 7 s to retry and timed out before any answer.
 *
 * <p>Consumer lag metric ({@code spring.cloud.stream.binder.kafka.offset}, read by KafkaConsumerLagHigh): by default the
 * binder computes it inside the scrape, asking the broker for end and committed offsets with a 5 s timeout per topic
 * and group. With the broker away, a scrape of /actuator/prometheus then took longer than Prometheus's scrape timeout,
 * so services that were running were paged as ServiceDown while only Kafka was gone. Here a background task computes
 * it every 10 s and the scrape reads the last value: the scrape never waits on the broker.
 */
public final class ServiceDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "firedrillServiceDefaults";
    private static final String DRIVER = "spring.datasource.hikari.data-source-properties.";
    private static final String CONSUMER = "spring.cloud.stream.kafka.binder.consumer-properties.";
    private static final String BINDER_METRICS = "spring.cloud.stream.kafka.binder.metrics.";

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry(DRIVER + "cachePrepStmts", "true"),
            Map.entry(DRIVER + "prepStmtCacheSize", "256"),
            Map.entry(DRIVER + "prepStmtCacheSqlLimit", "2048"),
            Map.entry(DRIVER + "useLocalSessionState", "true"),
            Map.entry(DRIVER + "elideSetAutoCommits", "true"),
            Map.entry(DRIVER + "cacheServerConfiguration", "true"),
            Map.entry(DRIVER + "cacheResultSetMetadata", "true"),
            Map.entry(DRIVER + "maintainTimeStats", "false"),
            Map.entry(CONSUMER + "fetch.max.wait.ms", "5000"),
            Map.entry(CONSUMER + "session.timeout.ms", "10000"),
            Map.entry(CONSUMER + "heartbeat.interval.ms", "3000"),
            Map.entry(BINDER_METRICS + "default-offset-lag-metrics-enabled", "false"),
            Map.entry(BINDER_METRICS + "offset-lag-metrics-interval", "10s"),
            Map.entry("server.tomcat.threads.min-spare", "2"),
            Map.entry("server.tomcat.accept-count", "4096"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SOURCE_NAME)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, new LinkedHashMap<>(DEFAULTS)));
        }
    }
}
