package io.firedrill.notification.api;

import jakarta.validation.constraints.NotNull;

/**
 * {@code PUT /api/customers/{customerId}/notification-preferences} body: all three flags, JSON booleans only
 * ({@code "true"}, {@code 1} or {@code null} are refused with 400).
 */
record PreferencesRequest(@NotNull(message = "is required (true or false)") Boolean email,
                          @NotNull(message = "is required (true or false)") Boolean sms,
                          @NotNull(message = "is required (true or false)") Boolean push) {}
