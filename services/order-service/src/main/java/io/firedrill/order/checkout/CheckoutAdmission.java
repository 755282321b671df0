package io.firedrill.order.checkout;

import io.firedrill.contracts.LineItem;
import io.firedrill.order.OrderProperties;
import io.firedrill.order.admin.OrderSettings;
import io.firedrill.order.catalog.CatalogUnavailableException;
import io.firedrill.order.payment.PaymentMethodsUnavailableException;
import io.firedrill.order.saga.AdmissionGate;
import io.firedrill.order.saga.AdmissionLimit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The refusals of {@code POST /api/orders} that cost no query: too many sagas in flight (503) and a sold-out SKU (409:
 * announced by inventory, or its units all claimed by checkouts placed here, see {@link AvailabilityView}). None
 * leaves an order row; {@code firedrill_checkout_rejected_total{reason}} counts them, and also the checkouts refused
 * 503 because a dependency failed while placing them (the catalog, the card vault, the order store: see
 * {@link #refusedBecauseOf}), which the checkout-availability SLI counts as failed checkouts.
 */
@Component
public class CheckoutAdmission {

    static final String OVERLOADED = "overloaded";
    static final String OUT_OF_STOCK = "out_of_stock";
    /** Refused because a dependency failed: the shop could not serve the buyer (unlike a sold-out or shed checkout). */
    static final String CATALOG_UNAVAILABLE = "catalog_unavailable";
    static final String PAYMENT_METHODS_UNAVAILABLE = "payment_methods_unavailable";
    static final String STORE_UNAVAILABLE = "store_unavailable";

    private final AdmissionGate gate;
    private final AdmissionLimit limit;
    private final AvailabilityView availability;
    private final OrderSettings settings;
    private final int maxPlacing;
    private final Duration placingWait;
    private final Counter overloaded;
    private final Counter outOfStock;
    private final Counter catalogUnavailable;
    private final Counter paymentMethodsUnavailable;
    private final Counter storeUnavailable;

    CheckoutAdmission(AdmissionGate gate, AdmissionLimit limit, AvailabilityView availability, OrderSettings settings,
                      MeterRegistry meters, OrderProperties properties) {
        this.maxPlacing = properties.admission().maxPlacing();
        this.placingWait = properties.admission().placingWait();
        this.gate = gate;
        this.limit = limit;
        this.availability = availability;
        this.settings = settings;
        this.overloaded = rejected(meters, OVERLOADED);
        this.outOfStock = rejected(meters, OUT_OF_STOCK);
        this.catalogUnavailable = rejected(meters, CATALOG_UNAVAILABLE);
        this.paymentMethodsUnavailable = rejected(meters, PAYMENT_METHODS_UNAVAILABLE);
        this.storeUnavailable = rejected(meters, STORE_UNAVAILABLE);
        Gauge.builder("firedrill_checkout_admission_in_flight", gate, AdmissionGate::inFlight)
                .description("Checkout sagas in flight as the admission gate counts them (re-synchronised from the database)")
                .register(meters);
        Gauge.builder("firedrill_checkout_admission_limit", this, CheckoutAdmission::sagaLimit)
                .description("Checkout sagas admitted at once: the adaptive bound that keeps sagas within the latency "
                        + "target, within its floor and the runtime setting maxSagasInFlight")
                .register(meters);
        Gauge.builder("firedrill_checkout_sold_out_skus", availability, AvailabilityView::soldOutCount)
                .description("SKUs inventory announced sold out, refused at POST /api/orders")
                .register(meters);
        Gauge.builder("firedrill_checkout_used_up_skus", availability, AvailabilityView::usedUpCount)
                .description("SKUs whose units inventory last reported free are all claimed by checkouts placed here, "
                        + "refused at POST /api/orders until a fresher figure")
                .register(meters);
    }

    private static Counter rejected(MeterRegistry meters, String reason) {
        return Counter.builder("firedrill_checkout_rejected_total")
                .description("Checkouts refused at POST /api/orders without an order, by reason: overloaded and out_of_stock "
                        + "before any work, *_unavailable when a dependency failed while placing")
                .tag("reason", reason)
                .register(meters);
    }

    /** The bound on sagas in flight now ({@link AdmissionLimit} within the runtime setting {@code maxSagasInFlight}). */
    public int sagaLimit() {
        return limit.limit(settings.current().maxSagasInFlight(), gate.inFlight());
    }

    /**
     * Takes a place for a checkout: at once when sagas in flight are below {@link #sagaLimit()} and a placing slot
     * is free, else waits up to {@code admission.placing-wait} for a placing slot (see {@link AdmissionGate#admit}).
     *
     * @throws OverloadedException when {@link #sagaLimit()} sagas are in flight or being placed, or no placing slot
     *                             ({@code admission.max-placing}) freed within {@code admission.placing-wait}
     */
    public AdmissionGate.Permit admit() {
        int bound = sagaLimit();
        AdmissionGate.Permit permit;
        try {
            permit = gate.admit(bound, maxPlacing, placingWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            permit = null;
        }
        if (permit == null) {
            refusedOverloaded();
            throw new OverloadedException(bound);
        }
        return permit;
    }

    /**
     * The cheap pre-check of a filter in front of everything else: true when the saga bound is already reached, so
     * the request can be refused before it is traced, bound or validated (then call {@link #refusedOverloaded()} if
     * it is). Busy placing slots are not refused here: {@link #admit()} waits for one.
     */
    public boolean gateFull() {
        return gate.sagaBoundReached(sagaLimit());
    }

    /** Counts a checkout refused as overloaded ahead of {@link #admit()}. */
    public void refusedOverloaded() {
        overloaded.increment();
    }

    /**
     * Counts a checkout that placing gave up on because a dependency failed: the catalog could not price it, the card
     * vault could not confirm its token, or the order store could not write it (each answered 503 with Retry-After).
     * Other failures (bad input, a refusal counted above) are not counted here. Without this count a dead
     * payment-service refused every buyer at POST while the checkout-availability SLI, which then counted only sagas,
     * saw no failed checkout: only the few sagas caught mid-payment by the crash burned the budget.
     */
    public void refusedBecauseOf(RuntimeException failure) {
        if (failure instanceof CatalogUnavailableException) {
            catalogUnavailable.increment();
        } else if (failure instanceof PaymentMethodsUnavailableException) {
            paymentMethodsUnavailable.increment();
        } else if (failure instanceof DataAccessException) {
            storeUnavailable.increment();
        }
    }

    /** @throws SoldOutException naming the first line's SKU known to be sold out */
    public void requireSellable(List<LineItem> items) {
        requireSellableSkus(items.stream().map(LineItem::sku).toList());
    }

    /** False when no SKU is known to be sold out, so there is no need to read an order's SKUs to refuse it. */
    public boolean mayRefuseSoldOut() {
        return availability.mayRefuse();
    }

    /** @throws SoldOutException naming the first of {@code skus} known to be sold out */
    public void requireSellableSkus(List<String> skus) {
        var soldOut = availability.firstSoldOut(skus);
        if (soldOut.isPresent()) {
            outOfStock.increment();
            throw new SoldOutException(soldOut.get());
        }
    }

    /** A catalog figure for {@code sku} read before this instant is too old to refuse on (null: any will do). */
    public Instant recheckBefore(String sku) {
        return availability.recheckBefore(sku);
    }

    /** A catalog read said {@code available} units of {@code sku} were free at {@code asOf} (null: it did not say). */
    public void stockSeen(String sku, Long available, Instant asOf) {
        if (available != null) {
            availability.offer(sku, available, asOf);
        }
    }

    /**
     * Claims the order's units from the SKUs' budgets; release them if the order is not placed after all.
     *
     * @throws SoldOutException naming the first line's SKU whose units are all claimed
     */
    public AvailabilityView.Claims claimUnits(List<LineItem> items) {
        return claimUnits(items, null);
    }

    /** Claims the units already known free, ahead of pricing; never refuses (see {@link AvailabilityView#claimAhead}). */
    public AvailabilityView.Claims claimUnitsAhead(List<LineItem> items) {
        return availability.claimAhead(items);
    }

    /**
     * Claims the units of the SKUs {@code earlier} holds none of yet, into it (see {@link AvailabilityView#claim(List,
     * AvailabilityView.Claims)}).
     *
     * @throws SoldOutException naming the first line's SKU whose units are all claimed; every claim is given back
     */
    public AvailabilityView.Claims claimUnits(List<LineItem> items, AvailabilityView.Claims earlier) {
        try {
            return availability.claim(items, earlier);
        } catch (SoldOutException e) {
            outOfStock.increment();
            throw e;
        }
    }
}
