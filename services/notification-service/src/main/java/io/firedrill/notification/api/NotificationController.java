package io.firedrill.notification.api;

import io.firedrill.notification.NotificationProperties;
import io.firedrill.notification.domain.Preferences;
import io.firedrill.notification.persistence.NotificationRepository;
import io.firedrill.notification.persistence.PreferencesRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NotificationController {

    private final PreferencesRepository preferences;
    private final NotificationRepository notifications;
    private final NotificationProperties properties;
    private final Clock clock;

    NotificationController(PreferencesRepository preferences, NotificationRepository notifications,
                           NotificationProperties properties, Clock clock) {
        this.preferences = preferences;
        this.notifications = notifications;
        this.properties = properties;
        this.clock = clock;
    }

    @Operation(summary = "Set a customer's notification channels")
    @ApiResponse(responseCode = "200", description = "The stored preferences")
    @ApiResponse(responseCode = "400", description = "A flag missing, null or not a JSON boolean; malformed JSON; unknown field",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @PutMapping(path = "/api/customers/{customerId}/notification-preferences",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    PreferencesView setPreferences(@PathVariable UUID customerId, @Valid @RequestBody PreferencesRequest request) {
        Preferences chosen = new Preferences(customerId, request.email(), request.sms(), request.push(), clock.instant());
        preferences.save(chosen);
        return PreferencesView.of(chosen);
    }

    @Operation(summary = "A customer's notification channels (defaults: email on, SMS and push off)")
    @GetMapping(path = "/api/customers/{customerId}/notification-preferences", produces = MediaType.APPLICATION_JSON_VALUE)
    PreferencesView preferences(@PathVariable UUID customerId) {
        return PreferencesView.of(preferences.findOrDefault(customerId));
    }

    @Operation(summary = "A customer's notifications, newest first")
    @GetMapping(path = "/api/customers/{customerId}/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
    List<NotificationView> customerNotifications(@PathVariable UUID customerId) {
        return notifications.findByCustomerId(customerId, properties.queryLimit()).stream().map(NotificationView::of).toList();
    }

    @Operation(summary = "An order's notifications, newest first")
    @GetMapping(path = "/api/orders/{orderId}/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
    List<NotificationView> orderNotifications(@PathVariable UUID orderId) {
        return notifications.findByOrderId(orderId, properties.queryLimit()).stream().map(NotificationView::of).toList();
    }
}
