package io.firedrill.order.checkout;

import io.firedrill.contracts.LineItem;
import io.firedrill.order.OrderProperties;
import io.firedrill.order.RuntimeSettings;
import io.firedrill.order.saga.AdmissionGate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The two refusals of {@code POST /api/orders} that cost no query: too many sagas in flight (503) and a SKU inventory
 * announced sold out (409). Both happen before the catalog is called and before any transaction, and neither leaves
 * an order row; {@code firedrill_checkout_rejected_total{reason}} counts them.
 */
@Component
public class CheckoutAdmission {

    static final String OVERLOADED = "overloaded";
    static final String OUT_OF_STOCK = "out_of_stock";

    private final AdmissionGate gate;
    private final AvailabilityView availability;
    private final RuntimeSettings settings;
    private final int maxPlacing;
    private final Counter overloaded;
    private final Counter outOfStock;

    CheckoutAdmission(AdmissionGate gate, AvailabilityView availability, RuntimeSettings settings, MeterRegistry meters,
                      OrderProperties properties) {
        this.maxPlacing = properties.admission().maxPlacing();
        this.gate = gate;
        this.availability = availability;
        this.settings = settings;
        this.overloaded = rejected(meters, OVERLOADED);
        this.outOfStock = rejected(meters, OUT_OF_STOCK);
        Gauge.builder("firedrill_checkout_admission_in_flight", gate, AdmissionGate::inFlight)
                .description("Checkout sagas in flight as the admission gate counts them (re-synchronised from the database)")
                .register(meters);
        Gauge.builder("firedrill_checkout_sold_out_skus", availability, AvailabilityView::soldOutCount)
                .description("SKUs inventory announced sold out, refused at POST /api/orders")
                .register(meters);
    }

    private static Counter rejected(MeterRegistry meters, String reason) {
        return Counter.builder("firedrill_checkout_rejected_total")
                .description("Checkouts refused at POST /api/orders before any work, by reason")
                .tag("reason", reason)
                .register(meters);
    }

    /**
     * @throws OverloadedException when {@code maxSagasInFlight} sagas are in flight or being placed, or
     *                             {@code admission.max-placing} checkouts are being placed at this moment
     */
    public AdmissionGate.Permit admit() {
        int limit = settings.current().maxSagasInFlight();
        AdmissionGate.Permit permit = gate.tryAdmit(limit, maxPlacing);
        if (permit == null) {
            overloaded.increment();
            throw new OverloadedException(limit);
        }
        return permit;
    }

    /**
     * The cheap pre-check of a filter in front of everything else: true (and counted as an overloaded refusal) when the
     * gate is already full, so the request can be refused before it is traced, bound or validated.
     */
    public boolean refuseEarly() {
        if (!gate.isFull(settings.current().maxSagasInFlight(), maxPlacing)) {
            return false;
        }
        overloaded.increment();
        return true;
    }

    /** @throws SoldOutException naming the first line's SKU inventory announced sold out */
    public void requireSellable(List<LineItem> items) {
        var skus = items.stream().map(LineItem::sku).toList();
        var soldOut = availability.firstSoldOut(skus);
        if (soldOut.isPresent()) {
            outOfStock.increment();
            throw new SoldOutException(soldOut.get());
        }
    }
}
