package io.firedrill.payment.messaging;

import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.commands.RefundPayment;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.contracts.events.PaymentDeclined;
import io.firedrill.contracts.events.PaymentRefunded;
import io.firedrill.messaging.Inbound;
import io.firedrill.messaging.OutboxWriter;
import io.firedrill.messaging.TransientFailure;
import io.firedrill.payment.PaymentMetrics;
import io.firedrill.payment.admin.PaymentSettings;
import io.firedrill.payment.domain.CardToken;
import io.firedrill.payment.domain.Payment;
import io.firedrill.payment.domain.PaymentMethods;
import io.firedrill.payment.domain.PaymentStatus;
import io.firedrill.payment.ledger.DoubleCharges;
import io.firedrill.payment.ledger.Refunds;
import io.firedrill.payment.persistence.CardTokenRepository;
import io.firedrill.payment.persistence.PaymentRepository;
import io.firedrill.payment.provider.DeclineRule;
import io.firedrill.payment.provider.PaymentProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The payment participant of the checkout saga: the pivot. Handlers run inside the dispatcher's transaction (with the
 * processed-message insert), so the payment row, its ledger entry and the announcement commit together.
 *
 * <p>The provider call happens inside that transaction too, so its latency holds one pooled connection per consumer
 * thread (3) for as long as it lasts; acceptable for now, and the pool (10) leaves room for the read API. Moving the call
 * out would need a PENDING state and a second transaction (and a dispatcher hook to run handler code outside its
 * transaction).
 */
@Component
public class PaymentCommandHandlers {

    private static final Logger log = LoggerFactory.getLogger(PaymentCommandHandlers.class);

    private final PaymentRepository payments;
    private final CardTokenRepository cards;
    private final PaymentProvider provider;
    private final OutboxWriter outbox;
    private final PaymentMetrics metrics;
    private final PaymentSettings settings;
    private final Refunds refunds;
    private final DoubleCharges doubleCharges;
    private final Clock clock;

    PaymentCommandHandlers(PaymentRepository payments, CardTokenRepository cards, PaymentProvider provider, OutboxWriter outbox,
                           PaymentMetrics metrics, PaymentSettings settings, Refunds refunds, DoubleCharges doubleCharges,
                           Clock clock) {
        this.payments = payments;
        this.cards = cards;
        this.provider = provider;
        this.outbox = outbox;
        this.metrics = metrics;
        this.settings = settings;
        this.refunds = refunds;
        this.doubleCharges = doubleCharges;
        this.clock = clock;
    }

    /**
     * Idempotent by order: a payment already recorded for the order is re-announced as it was decided, without calling
     * the provider again. A racing duplicate (possible only around a consumer rebalance) loses on the unique order id
     * and retries into the re-announcement; the provider call it made carried the order id as idempotency key.
     *
     * <p>With the {@code dedup} lever off (the legacy consumer the duplicate-delivery scenario reproduces) none of that
     * holds: every delivery is authorized afresh under an idempotency key of its own, so neither this service nor the
     * provider recognises a redelivered command and the order is charged again.
     */
    public void authorize(AuthorizePayment command, Inbound inbound) {
        boolean dedup = settings.current().dedup();
        Optional<Payment> existing = dedup ? payments.findByOrderId(command.orderId()) : Optional.empty();
        if (existing.isPresent()) {
            log.info("order {} already has payment {} ({}), re-announcing", command.orderId(), existing.get().id(),
                    existing.get().status());
            announceAuthorization(existing.get(), inbound);
            return;
        }
        UUID idempotencyKey = dedup ? command.orderId() : UUID.randomUUID();
        String method = command.paymentMethod();
        Optional<String> card = card(method, command.customerId());
        PaymentProvider.Authorization answer;
        try {
            answer = card.isEmpty() ? PaymentProvider.Authorization.declined(DeclineRule.INVALID_PAYMENT_METHOD)
                    : metrics.timeProvider("authorize", () -> provider.authorize(new PaymentProvider.AuthorizationRequest(
                            idempotencyKey, command.customerId(), command.amountCents(), command.currency(), card.get())));
        } catch (RuntimeException e) {
            // Timeouts, outages, injected faults: nothing was charged; the dispatcher retries with backoff.
            throw new TransientFailure("provider could not authorize order " + command.orderId() + ": " + e.getMessage(), e);
        }
        Instant now = Instant.now(clock);
        Payment payment;
        if (answer.approved()) {
            Payment.Authorized authorized = Payment.authorize(command.orderId(), command.customerId(), command.amountCents(),
                    command.currency(), card.get(), answer.reference(), inbound.tenantRegion(), now);
            payment = authorized.payment();
            insert(payment, idempotencyKey);
            payments.append(authorized.charge());
        } else {
            payment = Payment.decline(command.orderId(), command.customerId(), command.amountCents(), command.currency(),
                    card.orElse(method), answer.declineReason(), inbound.tenantRegion(), now);
            insert(payment, idempotencyKey);
        }
        doubleCharges.paymentWritten();
        announceAuthorization(payment, inbound);
        metrics.payment(answer.approved() ? PaymentMetrics.AUTHORIZED : PaymentMetrics.DECLINED, inbound.tenantRegion());
        log.info("payment {} of order {}: {} {} {}{}", payment.id(), command.orderId(), payment.status(), command.amountCents(),
                command.currency(), answer.approved() ? "" : " (" + answer.declineReason() + ")");
    }

    /**
     * What the provider is asked to charge and the payment row keeps: the vault's masked card ({@code visa ****4242}) for
     * a token of this customer; empty for an unknown token or another customer's (declined, the provider is not asked).
     * A command from before the vault carries a card number: it is masked here and never stored whole.
     */
    private Optional<String> card(String method, UUID customerId) {
        if (!method.startsWith("pm_")) {
            return Optional.of(PaymentMethods.mask(method));
        }
        return cards.find(method).filter(t -> t.customerId().equals(customerId)).map(CardToken::masked);
    }

    private void insert(Payment payment, UUID idempotencyKey) {
        try {
            payments.insert(payment, idempotencyKey);
        } catch (DuplicateKeyException e) {
            throw new TransientFailure("order " + payment.orderId() + " is being authorized concurrently", e);
        }
    }

    private void announceAuthorization(Payment payment, Inbound inbound) {
        if (payment.status() == PaymentStatus.DECLINED) {
            outbox.append(new PaymentDeclined(payment.orderId(), payment.declineReason()), inbound.tenantRegion());
        } else {
            // REFUNDED too: the answer to AuthorizePayment was an authorization; the refund was announced on its own.
            outbox.append(new PaymentAuthorized(payment.orderId(), payment.id(), payment.amountCents()), inbound.tenantRegion());
        }
    }

    /**
     * Compensation. AUTHORIZED: the whole charge is refunded at the provider and a REFUND entry of -amount brings the
     * payment's ledger to 0 (the saga only ever refunds in full; a different amount in the command is logged and the
     * charge is refunded). REFUNDED: re-announced, no second entry. DECLINED: nothing was charged, so it is announced
     * as a refund of 0 with no entry, which lets the saga finish its compensation instead of waiting for a reply that
     * would never come. A payment id that does not exist or belongs to another order is a bug: dead-lettered. A refund
     * the provider answers with an error is not announced at all (the payment stays AUTHORIZED): the saga resends.
     */
    public void refund(RefundPayment command, Inbound inbound) {
        Payment before = payments.lockById(command.paymentId()).orElseThrow(() -> new IllegalStateException(
                "no payment " + command.paymentId() + " (order " + command.orderId() + ")"));
        if (!before.orderId().equals(command.orderId())) {
            throw new IllegalStateException("payment " + command.paymentId() + " belongs to order " + before.orderId()
                    + ", not " + command.orderId());
        }
        Payment.RefundDecision decision = before.decideRefund();
        switch (decision) {
            case REFUND -> {
                if (command.amountCents() != before.amountCents()) {
                    log.warn("refund of payment {} asks {} but {} was charged; refunding the charge", before.id(),
                            command.amountCents(), before.amountCents());
                }
                try {
                    refunds.refund(before);
                } catch (PaymentProvider.RefundFailed e) {
                    // The provider answered: nothing was refunded. The command is consumed unanswered: the saga owns the
                    // compensation and resends RefundPayment at its deadline (a redelivery here would hold the
                    // partition, and every authorization behind it, for as long as the provider keeps failing).
                    log.warn("refund of payment {} of order {} failed at the provider, left to the saga's resend: {}",
                            before.id(), before.orderId(), e.getMessage());
                    metrics.refundFailed();
                    return;
                }
                doubleCharges.paymentWritten();
                outbox.append(new PaymentRefunded(before.orderId(), before.id(), before.amountCents()), inbound.tenantRegion());
                log.info("refunded payment {} of order {}: {} {} ({})", before.id(), before.orderId(), before.amountCents(),
                        before.currency(), command.reason());
            }
            case ALREADY_REFUNDED -> {
                log.info("payment {} of order {} already refunded, re-announcing", before.id(), before.orderId());
                outbox.append(new PaymentRefunded(before.orderId(), before.id(), before.amountCents()), inbound.tenantRegion());
            }
            case NOTHING_CHARGED -> {
                log.warn("refund asked for declined payment {} of order {}: nothing was charged, announcing a refund of 0",
                        before.id(), before.orderId());
                outbox.append(new PaymentRefunded(before.orderId(), before.id(), 0), inbound.tenantRegion());
            }
        }
        metrics.refund(decision);
    }
}
