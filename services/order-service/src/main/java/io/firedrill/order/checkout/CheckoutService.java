package io.firedrill.order.checkout;

import io.firedrill.contracts.LineItem;
import io.firedrill.order.catalog.CatalogClient;
import io.firedrill.order.domain.Order;
import io.firedrill.order.domain.OrderLine;
import io.firedrill.order.payment.PaymentMethodClient;
import io.firedrill.order.persistence.OrderRepository;
import io.firedrill.order.saga.AdmissionGate;
import io.firedrill.order.saga.CancelOutcome;
import io.firedrill.order.saga.CheckoutSaga;
import io.firedrill.order.saga.SagaCancellation;
import io.firedrill.order.saga.SagaStarter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places and cancels orders. Admission ({@link CheckoutAdmission}) refuses first, before any query. The card token must
 * be the customer's own at payment-service's vault ({@link PaymentMethodClient}, answers kept). Pricing calls
 * inventory's catalog before any transaction opens, so a slow catalog never holds a database connection; its figure
 * of free units lets admission refuse buyers of a SKU whose units are all claimed (409). The order, its lines, its saga
 * and the first messages are then written in one transaction.
 */
@Service
public class CheckoutService {

    private static final Logger log = LoggerFactory.getLogger(CheckoutService.class);

    /** The order a request resulted in; {@code replayed} when an Idempotency-Key returned an existing order. */
    public record Placed(Order order, boolean replayed) {}

    private final CheckoutAdmission admission;
    private final CatalogClient catalog;
    private final PaymentMethodClient paymentMethods;
    private final OrderRepository orders;
    private final SagaStarter sagaStarter;
    private final SagaCancellation cancellation;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public CheckoutService(CheckoutAdmission admission, CatalogClient catalog, PaymentMethodClient paymentMethods,
                           OrderRepository orders, SagaStarter sagaStarter, SagaCancellation cancellation,
                           TransactionTemplate transactions, Clock clock) {
        this.admission = admission;
        this.catalog = catalog;
        this.paymentMethods = paymentMethods;
        this.orders = orders;
        this.sagaStarter = sagaStarter;
        this.cancellation = cancellation;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Refuses early and cheaply first (no query, no catalog call, no order row): a SKU known to be sold out
     * ({@link SoldOutException}), too many sagas in flight or no placing slot within the wait
     * ({@link OverloadedException}), a SKU whose units are all claimed by checkouts placed here ({@link SoldOutException}:
     * before the wait for a placing slot, or after pricing for a SKU priced for the first time). A replay of an earlier
     * request with the same Idempotency-Key returns its order even if a SKU sold out since.
     *
     * @param idempotencyKey optional; the same key with the same request returns the first order, with a different
     *                       request fails with {@link IdempotencyConflictException}
     */
    public Placed place(PlaceOrder request, String idempotencyKey) {
        AvailabilityView.Claims claims = null;
        if (idempotencyKey == null) {
            admission.requireSellable(request.items());
            // The units of SKUs priced before are claimed before the wait for a placing slot: in a flash sale the first
            // buyers claim every unit at once and everyone after them is refused 409 at the door, instead of all of
            // them waiting for placing slots (one card lookup and one transaction each) and timing out.
            claims = admission.claimUnitsAhead(request.items());
        }
        try (AdmissionGate.Permit permit = admission.admit()) {
            String fingerprint = request.fingerprint();
            if (idempotencyKey != null) {
                Optional<Placed> replay = replay(request, idempotencyKey, fingerprint);
                if (replay.isPresent()) {
                    return replay.get();
                }
                admission.requireSellable(request.items());
            }
            return placeNew(request, idempotencyKey, fingerprint, permit, claims);
        } catch (RuntimeException e) {
            if (claims != null) {
                claims.release();
            }
            admission.refusedBecauseOf(e);
            throw e;
        }
    }

    private Placed placeNew(PlaceOrder request, String idempotencyKey, String fingerprint, AdmissionGate.Permit permit,
                            AvailabilityView.Claims earlier) {
        List<OrderLine> lines = new ArrayList<>(request.items().size());
        for (LineItem item : request.items()) {
            CatalogClient.Product product = catalog.product(item.sku(), admission.recheckBefore(item.sku()));
            admission.stockSeen(item.sku(), product.available(), product.asOf());
            lines.add(new OrderLine(item.sku(), product.name(), item.quantity(), product.priceCents()));
        }
        // The units of SKUs that had no budget before pricing, claimed before the card is looked up: the first
        // buyers' pricing gives the budget, so it is used up without waiting for a card lookup per buyer.
        AvailabilityView.Claims claims = admission.claimUnits(request.items(), earlier);
        try {
            PaymentMethodClient.Card card = paymentMethods.card(request.paymentToken(), request.customerId());
            Order order = Order.place(UUID.randomUUID(), request.customerId(), request.tenantRegion(), lines,
                    CheckoutSaga.CURRENCY, card.token(), card.masked(), request.addressOrPlaceholder(), idempotencyKey,
                    idempotencyKey == null ? null : fingerprint, clock.instant());
            return insert(order, request, idempotencyKey, fingerprint, permit, claims);
        } catch (RuntimeException e) {
            claims.release();
            throw e;
        }
    }

    /** The placing transaction: the order and its saga; a replayed key returns the order that won the insert. */
    private Placed insert(Order order, PlaceOrder request, String idempotencyKey, String fingerprint,
                          AdmissionGate.Permit permit, AvailabilityView.Claims claims) {
        try {
            transactions.executeWithoutResult(status -> {
                orders.insert(order);
                sagaStarter.start(order);
            });
        } catch (DuplicateKeyException e) {
            claims.release();
            if (idempotencyKey == null) {
                throw e;
            }
            // A concurrent request with the same key won the insert.
            return replay(request, idempotencyKey, fingerprint).orElseThrow(() -> e);
        }
        permit.started(); // committed: the saga is in flight until it ends
        try (MDC.MDCCloseable o = MDC.putCloseable("order_id", order.id().toString())) {
            log.info("order {} placed for customer {}: {} lines, {} cents", order.id(), order.customerId(), order.lines().size(),
                    order.totalCents());
        }
        return new Placed(order, false);
    }

    private Optional<Placed> replay(PlaceOrder request, String idempotencyKey, String fingerprint) {
        return orders.findByIdempotencyKey(request.customerId(), idempotencyKey).map(existing -> {
            if (!fingerprint.equals(existing.requestHash())) {
                throw new IdempotencyConflictException(idempotencyKey, existing.id());
            }
            log.info("Idempotency-Key {} replayed: order {}", idempotencyKey, existing.id());
            return new Placed(existing, true);
        });
    }

    public CancelOutcome cancel(UUID orderId) {
        return transactions.execute(status -> cancellation.cancel(orderId));
    }
}
