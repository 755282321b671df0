package io.firedrill.order;

import io.firedrill.order.OrderProperties.ReadConsistency;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * Runtime settings on the management port ({@code 127.0.0.1:17201/actuator/settings}): {@code GET} shows them,
 * {@code POST} with a JSON object changes the fields it names (durations as {@code 500ms}, {@code 2s} or ISO-8601),
 * {@code DELETE} restores the configured values. The oversell scenario shortens {@code reservationTtlSeconds} here.
 *
 * <p>Auth hook: the management port listens on 127.0.0.1 only and has no auth yet. When the chaos runner gets a bearer
 * token, check it here before any write (a management-context filter on {@code Authorization: Bearer}).
 */
@Component
@Endpoint(id = "settings")
class SettingsEndpoint {

    private final RuntimeSettings settings;

    SettingsEndpoint(RuntimeSettings settings) {
        this.settings = settings;
    }

    @ReadOperation
    Map<String, Object> read() {
        return view(settings.current());
    }

    @WriteOperation
    Map<String, Object> update(@Nullable Integer reservationTtlSeconds, @Nullable String reserveDeadline,
                               @Nullable String paymentDeadline, @Nullable String commitDeadline,
                               @Nullable String shipmentDeadline, @Nullable String compensationDeadline,
                               @Nullable Integer stepMaxAttempts, @Nullable Integer compensationMaxAttempts,
                               @Nullable String sweeperInterval, @Nullable String readConsistency) {
        try {
            return view(settings.update(s -> new RuntimeSettings.Snapshot(
                reservationTtlSeconds != null ? reservationTtlSeconds : s.reservationTtlSeconds(),
                duration(reserveDeadline, s.reserveDeadline()),
                duration(paymentDeadline, s.paymentDeadline()),
                duration(commitDeadline, s.commitDeadline()),
                duration(shipmentDeadline, s.shipmentDeadline()),
                duration(compensationDeadline, s.compensationDeadline()),
                stepMaxAttempts != null ? stepMaxAttempts : s.stepMaxAttempts(),
                compensationMaxAttempts != null ? compensationMaxAttempts : s.compensationMaxAttempts(),
                duration(sweeperInterval, s.sweeperInterval()),
                readConsistency != null ? ReadConsistency.valueOf(readConsistency.trim().toUpperCase(Locale.ROOT))
                        : s.readConsistency())));
        } catch (IllegalArgumentException e) {
            // Nothing changed: the snapshot is validated before it replaces the current one.
            throw new InvalidEndpointRequestException("invalid settings: " + e.getMessage(), e.getMessage());
        }
    }

    @DeleteOperation
    Map<String, Object> reset() {
        return view(settings.reset());
    }

    private static Duration duration(String value, Duration current) {
        return value == null ? current : DurationStyle.detectAndParse(value.trim());
    }

    private static Map<String, Object> view(RuntimeSettings.Snapshot s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reservationTtlSeconds", s.reservationTtlSeconds());
        view.put("reserveDeadline", s.reserveDeadline().toString());
        view.put("paymentDeadline", s.paymentDeadline().toString());
        view.put("commitDeadline", s.commitDeadline().toString());
        view.put("shipmentDeadline", s.shipmentDeadline().toString());
        view.put("compensationDeadline", s.compensationDeadline().toString());
        view.put("stepMaxAttempts", s.stepMaxAttempts());
        view.put("compensationMaxAttempts", s.compensationMaxAttempts());
        view.put("sweeperInterval", s.sweeperInterval().toString());
        view.put("readConsistency", s.readConsistency().name().toLowerCase(Locale.ROOT));
        return view;
    }
}
