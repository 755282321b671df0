package io.firedrill.stack.component;

import io.firedrill.stack.Health;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One server of the local stack. The lifecycle is: {@link #prepare()} (configs, first-time data init,
 * idempotent) → start {@link #command()} detached → wait for {@link #isListening()} →
 * {@link #afterStart()} (bootstrap: users, buckets, replication; idempotent, also run when already up) →
 * wait for {@link #health()}.
 */
public interface Component {

    String name();

    /** Ports this server binds, first one is its main port. */
    List<Integer> ports();

    /** Components that must be healthy before {@link #afterStart()} runs. */
    default List<String> dependsOn() { return List.of(); }

    default Duration startTimeout() { return Duration.ofSeconds(90); }

    /** Time between SIGTERM and SIGKILL on {@code down}: databases need to flush. */
    default Duration stopGrace() { return Duration.ofSeconds(15); }

    void prepare() throws Exception;

    List<String> command();

    default Map<String, String> environment() { return Map.of(); }

    default boolean isListening() { return Net.canConnect(ports().get(0)); }

    default void afterStart() throws Exception {}

    /**
     * Called when {@code up} finds the component already running and healthy. A service announces itself to
     * Prometheus again here: one that came up after its start timeout (a loaded machine) was never registered.
     */
    default void whileRunning() throws Exception {}

    Health health();
}
