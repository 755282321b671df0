package io.firedrill.inventory;

import io.firedrill.web.admin.AdjustableSettings;
import io.firedrill.web.admin.SettingsChange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The runtime settings chaos scenarios flip, served on the management port at {@code /admin/settings} (admin token):
 * {@code PATCH {"confirmGuard": false, "reaperInterval": "500ms"}} (any subset; a duration or milliseconds),
 * {@code DELETE} back to {@link InventoryProperties}. Read on every command and reaper run, so a change takes effect
 * on the next one.
 */
@Component
public class InventorySettings implements AdjustableSettings {

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

    @Override
    public Set<String> fields() {
        return Set.of("confirmGuard", "reaperInterval");
    }

    @Override
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("confirmGuard", current.confirmGuard());
        view.put("reaperInterval", current.reaperInterval().toMillis() + "ms");
        return view;
    }

    @Override
    public Map<String, Object> change(SettingsChange change) {
        update(change.bool("confirmGuard").orElse(null), change.duration("reaperInterval").orElse(null));
        return view();
    }

    @Override
    public Map<String, Object> reset() {
        update(configured.confirmGuard(), configured.reaperInterval());
        return view();
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

    /** Called after every update (e.g. the reaper reschedules itself when its interval changes). */
    public void onChange(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    static void checkReaperInterval(Duration interval) {
        if (interval == null || interval.compareTo(MIN_REAPER_INTERVAL) < 0 || interval.compareTo(MAX_REAPER_INTERVAL) > 0) {
            throw new IllegalArgumentException("reaperInterval must be between " + MIN_REAPER_INTERVAL.toMillis() + "ms and "
                    + MAX_REAPER_INTERVAL.toHours() + "h, got " + interval);
        }
    }
}
