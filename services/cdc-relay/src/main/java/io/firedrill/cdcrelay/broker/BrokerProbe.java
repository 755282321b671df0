package io.firedrill.cdcrelay.broker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka broker answers, asked in the background: every {@code interval} a {@code describeCluster} with a
 * short timeout; Prometheus reads the last answer as {@code firedrill_kafka_broker_reachable} (1 or 0, -1 before the
 * first answer), so a scrape never waits on the broker.
 *
 * <p>Why here: during a broker outage Prometheus cannot ask Kafka anything (the broker has no metrics endpoint on this
 * stack, and a process that is gone answers nothing), so the signal must come from a client that keeps trying. The
 * relay is the one process whose job is to reach Kafka (its outbox backlog is the outage's first impact), it already
 * carries kafka-clients, and its scrape is fast whatever Kafka does. A Kafka request, not a TCP connect, so a broker
 * that accepts connections but does not answer (hung, stopped by SIGSTOP) counts as unreachable too.
 */
public final class BrokerProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerProbe.class);

    private final String bootstrap;
    private final Duration timeout;
    private final Admin admin;
    private final ScheduledExecutorService scheduler;
    private volatile int reachable = -1;

    public BrokerProbe(String bootstrap, Duration interval, Duration timeout, MeterRegistry registry) {
        this.bootstrap = bootstrap;
        this.timeout = timeout;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "cdc-relay-broker-probe");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // Reconnect at most every second while the broker is away, so its return is seen within an interval or two.
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.admin = Admin.create(props);
        Gauge.builder("firedrill.kafka.broker.reachable", this, BrokerProbe::reachable)
                .description("1 if the last describeCluster (every few seconds, short timeout) got a broker, 0 if not, -1 before the first")
                .register(registry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kafka-broker-probe");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** 1 reachable, 0 unreachable, -1 not asked yet. */
    public int reachable() {
        return reachable;
    }

    private void probe() {
        int now;
        String detail;
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            now = nodes.isEmpty() ? 0 : 1;
            detail = nodes.size() + " broker(s)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            now = 0;
            detail = rootCause(e);
        }
        int before = reachable;
        reachable = now;
        if (before != now) {
            if (now == 1) {
                log.info("Kafka broker at {} answers ({})", bootstrap, detail);
            } else {
                log.warn("Kafka broker at {} does not answer within {} ms: {}", bootstrap, timeout.toMillis(), detail);
            }
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
