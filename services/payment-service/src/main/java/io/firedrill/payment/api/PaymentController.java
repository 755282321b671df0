package io.firedrill.payment.api;

import io.firedrill.web.ProblemException;

import io.firedrill.payment.domain.LedgerEntry;
import io.firedrill.payment.domain.Payment;
import io.firedrill.payment.persistence.PaymentRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Read API on the application port: an order's payment with its ledger. */
@RestController
@RequestMapping(path = "/api/payments", produces = MediaType.APPLICATION_JSON_VALUE)
class PaymentController {

    /** The payment of an order; {@code chargedCents} is the sum of its ledger (0 once refunded or when declined). */
    record PaymentView(UUID paymentId, UUID orderId, UUID customerId, long amountCents, String currency, String paymentMethod,
                       String status, String declineReason, String tenantRegion, Instant createdAt, Instant updatedAt,
                       long chargedCents, List<LedgerView> ledger) {}

    record LedgerView(UUID id, String kind, long amountCents, Instant createdAt) {}

    private final PaymentRepository payments;

    PaymentController(PaymentRepository payments) {
        this.payments = payments;
    }

    @GetMapping("/{orderId}")
    PaymentView payment(@PathVariable String orderId) {
        UUID id = parse(orderId);
        try (MDC.MDCCloseable o = MDC.putCloseable("order_id", id.toString())) {
            Payment p = payments.findByOrderId(id)
                    .orElseThrow(() -> ProblemException.notFound("No payment for order " + id));
            List<LedgerEntry> ledger = payments.ledger(p.id());
            return new PaymentView(p.id(), p.orderId(), p.customerId(), p.amountCents(), p.currency(), p.paymentMethod(),
                    p.status().name(), p.declineReason(), p.tenantRegion().id(), p.createdAt(), p.updatedAt(),
                    ledger.stream().mapToLong(LedgerEntry::amountCents).sum(),
                    ledger.stream().map(e -> new LedgerView(e.id(), e.kind().name(), e.amountCents(), e.createdAt())).toList());
        }
    }

    private static UUID parse(String orderId) {
        try {
            return UUID.fromString(orderId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("malformed-order-id", "'" + orderId + "' is not an order id (a UUID)");
        }
    }
}
