package io.firedrill.messaging;

import io.firedrill.contracts.TenantRegion;
import java.util.UUID;

/** Where a consumed message came from and what travelled with it, handed to every handler. */
public record Inbound(UUID eventId, String type, int schemaVersion, String topic, String key, int partition,
                      long offset, TenantRegion tenantRegion, String traceparent) {
}
