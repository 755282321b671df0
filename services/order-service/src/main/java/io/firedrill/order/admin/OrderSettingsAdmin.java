package io.firedrill.order.admin;

import io.firedrill.contracts.admin.ChaosLevers;
import io.firedrill.order.OrderProperties.ReadConsistency;
import io.firedrill.web.admin.AdjustableSettings;
import io.firedrill.web.admin.SettingsChange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@link OrderSettings} on the management port's {@code /admin/settings} (admin token): {@code GET} shows them,
 * {@code PATCH} with a JSON object changes the fields it names (durations as {@code 500ms}, {@code 2s}, ISO-8601 or
 * milliseconds), {@code DELETE} restores the configured values. The oversell scenario shortens
 * {@code reservationTtlSeconds} here; {@code maxSagasInFlight} bounds the checkouts admitted at once, and {@code admissionLatencyTarget}
 * (0 = off) is the saga latency its adaptive part keeps.
 */
@Component
class OrderSettingsAdmin implements AdjustableSettings {

    private final OrderSettings settings;

    OrderSettingsAdmin(OrderSettings settings) {
        this.settings = settings;
    }

    @Override
    public Set<String> fields() {
        return ChaosLevers.ORDER.fields();
    }

    @Override
    public Map<String, Object> view() {
        return view(settings.current());
    }

    @Override
    public Map<String, Object> change(SettingsChange c) {
        // Parse every field first: a wrong type anywhere changes nothing.
        Integer ttl = c.integer("reservationTtlSeconds").orElse(null);
        Duration reserve = c.duration("reserveDeadline").orElse(null);
        Duration payment = c.duration("paymentDeadline").orElse(null);
        Duration commit = c.duration("commitDeadline").orElse(null);
        Duration shipment = c.duration("shipmentDeadline").orElse(null);
        Duration compensation = c.duration("compensationDeadline").orElse(null);
        Integer stepAttempts = c.integer("stepMaxAttempts").orElse(null);
        Integer compensationAttempts = c.integer("compensationMaxAttempts").orElse(null);
        Duration compensationRetryFor = c.duration("compensationRetryFor").orElse(null);
        Duration sweeper = c.duration("sweeperInterval").orElse(null);
        ReadConsistency consistency = c.choice("readConsistency", ReadConsistency.class).orElse(null);
        Integer maxSagas = c.integer("maxSagasInFlight").orElse(null);
        Duration latencyTarget = c.duration("admissionLatencyTarget").orElse(null);
        // The snapshot validates itself before it replaces the current one.
        return view(settings.update(s -> new OrderSettings.Snapshot(
                ttl != null ? ttl : s.reservationTtlSeconds(),
                reserve != null ? reserve : s.reserveDeadline(),
                payment != null ? payment : s.paymentDeadline(),
                commit != null ? commit : s.commitDeadline(),
                shipment != null ? shipment : s.shipmentDeadline(),
                compensation != null ? compensation : s.compensationDeadline(),
                stepAttempts != null ? stepAttempts : s.stepMaxAttempts(),
                compensationAttempts != null ? compensationAttempts : s.compensationMaxAttempts(),
                compensationRetryFor != null ? compensationRetryFor : s.compensationRetryFor(),
                sweeper != null ? sweeper : s.sweeperInterval(),
                consistency != null ? consistency : s.readConsistency(),
                maxSagas != null ? maxSagas : s.maxSagasInFlight(),
                latencyTarget != null ? latencyTarget : s.admissionLatencyTarget())));
    }

    @Override
    public Map<String, Object> reset() {
        return view(settings.reset());
    }

    private static Map<String, Object> view(OrderSettings.Snapshot s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reservationTtlSeconds", s.reservationTtlSeconds());
        view.put("reserveDeadline", s.reserveDeadline().toString());
        view.put("paymentDeadline", s.paymentDeadline().toString());
        view.put("commitDeadline", s.commitDeadline().toString());
        view.put("shipmentDeadline", s.shipmentDeadline().toString());
        view.put("compensationDeadline", s.compensationDeadline().toString());
        view.put("stepMaxAttempts", s.stepMaxAttempts());
        view.put("compensationMaxAttempts", s.compensationMaxAttempts());
        view.put("compensationRetryFor", s.compensationRetryFor().toString());
        view.put("sweeperInterval", s.sweeperInterval().toString());
        view.put("readConsistency", s.readConsistency().name().toLowerCase(Locale.ROOT));
        view.put("maxSagasInFlight", s.maxSagasInFlight());
        view.put("admissionLatencyTarget", s.admissionLatencyTarget().toString());
        return view;
    }
}
