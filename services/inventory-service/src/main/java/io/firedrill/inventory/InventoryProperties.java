package io.firedrill.inventory;

import io.firedrill.inventory.admin.InventorySettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of inventory-service ({@code firedrill.inventory.*}); the defaults work on the embedded stack.
 *
 * @param confirmGuard         start value of the runtime confirm guard; false is the legacy oversell bug
 * @param reaperInterval       start value of the runtime pause between two reaper runs
 * @param reaperBatchSize      reservations expired per transaction (small: short lock holds)
 * @param reaperMaxBatches     batches per run at most, so one run stays short under a backlog
 * @param gaugeRefreshInterval how often the DB-computed gauges (oversold units, active reservations) are refreshed
 */
@ConfigurationProperties("firedrill.inventory")
public record InventoryProperties(
        @DefaultValue("true") boolean confirmGuard,
        @DefaultValue("500ms") Duration reaperInterval,
        @DefaultValue("100") int reaperBatchSize,
        @DefaultValue("20") int reaperMaxBatches,
        @DefaultValue("1s") Duration gaugeRefreshInterval) {

    public InventoryProperties {
        if (reaperBatchSize < 1 || reaperMaxBatches < 1) {
            throw new IllegalArgumentException("firedrill.inventory.reaper-batch-size and reaper-max-batches must be >= 1");
        }
        InventorySettings.checkReaperInterval(reaperInterval);
    }
}
