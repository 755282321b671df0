package io.firedrill.inventory.admin;

import io.firedrill.inventory.InventoryProperties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The runtime settings chaos scenarios flip (the confirm guard, the reaper's interval), starting from
 * {@link InventoryProperties}. Read on every command and reaper run, so a change takes effect on the next one. Changed
 * through {@code /admin/settings} on the management port ({@link InventorySettingsAdmin}).
 */
@Component
public class InventorySettings {

    static final Duration MIN_REAPER_INTERVAL = Duration.ofMillis(10);
    static final Duration MAX_REAPER_INTERVAL = Duration.ofHours(1);

    /** An immutable view of the settings at one moment. */
    public record Snapshot(boolean confirmGuard, Duration reaperInterval) {}

    private final Snapshot configured;
    private volatile Snapshot current;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();

    InventorySettings(InventoryProperties properties) {
        this.configured = new Snapshot(properties.confirmGuard(), properties.reaperInterval());
        this.current = configured;
    }

    public Snapshot current() {
        return current;
    }

    public boolean confirmGuard() {
        return current.confirmGuard();
    }

    public Duration reaperInterval() {
        return current.reaperInterval();
    }

    /** Applies the given values (null = unchanged) at once; returns the new settings. */
    public synchronized Snapshot update(Boolean confirmGuard, Duration reaperInterval) {
        if (reaperInterval != null) {
            checkReaperInterval(reaperInterval);
        }
        Snapshot before = current;
        current = new Snapshot(confirmGuard != null ? confirmGuard : before.confirmGuard(),
                reaperInterval != null ? reaperInterval : before.reaperInterval());
        listeners.forEach(l -> l.accept(current));
        return current;
    }

    /** Back to the configured values (the listeners hear it like any update). */
    public Snapshot reset() {
        return update(configured.confirmGuard(), configured.reaperInterval());
    }

    /** Called after every update (e.g. the reaper reschedules itself when its interval changes). */
    public void onChange(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    public static void checkReaperInterval(Duration interval) {
        if (interval == null || interval.compareTo(MIN_REAPER_INTERVAL) < 0 || interval.compareTo(MAX_REAPER_INTERVAL) > 0) {
            throw new IllegalArgumentException("reaperInterval must be between " + MIN_REAPER_INTERVAL.toMillis() + "ms and "
                    + MAX_REAPER_INTERVAL.toHours() + "h, got " + interval);
        }
    }
}
