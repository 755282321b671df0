package io.firedrill.inventory.messaging;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.events.StockAvailabilityChanged;
import io.firedrill.inventory.domain.AvailabilityCrossing;
import io.firedrill.inventory.domain.CatalogEntry;
import io.firedrill.inventory.domain.ReservationLine;
import io.firedrill.inventory.domain.StockEffect;
import io.firedrill.inventory.persistence.StockRepository;
import io.firedrill.messaging.OutboxWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Announces {@link StockAvailabilityChanged} when a SKU's available units cross zero (sold out, back in stock), through
 * the outbox in the transaction that moved them, so order-service can refuse a sold-out SKU at POST without polling.
 * The stock rows are locked by the caller's update, so "before" is exactly "after minus the move". Costs one indexed
 * read per transaction that moves availability (none for the commit of held units); the event itself is written only
 * on a crossing.
 */
@Component
public class StockAvailability {

    private static final Logger log = LoggerFactory.getLogger(StockAvailability.class);
    /** A catalog load has no tenant; the envelope needs one. */
    static final TenantRegion CATALOG_REGION = TenantRegion.EU_WEST;

    private final StockRepository stock;
    private final OutboxWriter outbox;

    StockAvailability(StockRepository stock, OutboxWriter outbox) {
        this.stock = stock;
        this.outbox = outbox;
    }

    /** {@code effect} was just applied to {@code lines} in the current transaction. */
    public void moved(StockEffect effect, Collection<ReservationLine> lines, TenantRegion region) {
        if (effect.availableSign() == 0) {
            return;
        }
        SortedMap<String, Long> delta = new TreeMap<>();
        for (ReservationLine line : lines) {
            delta.merge(line.sku(), (long) effect.availableSign() * line.quantity(), Long::sum);
        }
        moved(delta, region);
    }

    /** {@code effect} was just applied to summed units per SKU (the reaper's batch). */
    public void moved(StockEffect effect, SortedMap<String, Long> unitsBySku, TenantRegion region) {
        if (effect.availableSign() == 0 || unitsBySku.isEmpty()) {
            return;
        }
        SortedMap<String, Long> delta = new TreeMap<>();
        unitsBySku.forEach((sku, units) -> delta.put(sku, effect.availableSign() * units));
        moved(delta, region);
    }

    /** Units of {@code lines} were just reserved (available -= q) in the current transaction. */
    public void reserved(Collection<ReservationLine> lines, TenantRegion region) {
        SortedMap<String, Long> delta = new TreeMap<>();
        for (ReservationLine line : lines) {
            delta.merge(line.sku(), -(long) line.quantity(), Long::sum);
        }
        moved(delta, region);
    }

    private void moved(SortedMap<String, Long> availableDeltaBySku, TenantRegion region) {
        if (availableDeltaBySku.isEmpty()) {
            return;
        }
        Map<String, Long> after = stock.available(availableDeltaBySku.keySet());
        availableDeltaBySku.forEach((sku, delta) -> {
            Long now = after.get(sku);
            if (now != null) {
                announce(sku, AvailabilityCrossing.of(now - delta, now), region);
            }
        });
    }

    /**
     * The catalog load, announcing every SKU it sells out or brings back (a new SKU loaded with no units is announced
     * sold out). One transaction: the stock rows are locked before the load so "before" cannot move underneath it.
     */
    @Transactional
    public int load(List<CatalogEntry> entries) {
        Map<String, Long> before = stock.availableForUpdate(entries.stream().map(CatalogEntry::sku).toList());
        int loaded = stock.load(entries);
        for (CatalogEntry entry : entries) {
            Long was = before.get(entry.sku());
            announce(entry.sku(), was == null ? AvailabilityCrossing.ofNewSku(entry.available())
                    : AvailabilityCrossing.of(was, entry.available()), CATALOG_REGION);
        }
        return loaded;
    }

    private void announce(String sku, OptionalLong crossing, TenantRegion region) {
        if (crossing.isPresent()) {
            StockAvailabilityChanged event = new StockAvailabilityChanged(sku, crossing.getAsLong());
            outbox.append(event, region);
            log.info("{} {}: {} available", sku, event.soldOut() ? "sold out" : "back in stock", event.available());
        }
    }
}
