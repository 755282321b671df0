package io.firedrill.traffic.data;

/** Body of {@code PUT /api/customers/{customerId}/notification-preferences}. */
public record NotificationPreferences(boolean email, boolean sms, boolean push) {}
