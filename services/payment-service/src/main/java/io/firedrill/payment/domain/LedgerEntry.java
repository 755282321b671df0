package io.firedrill.payment.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** One append-only ledger line. The entries of a payment sum to what the customer is charged now. */
public record LedgerEntry(UUID id, UUID paymentId, LedgerKind kind, long amountCents, Instant createdAt) {

    public LedgerEntry {
        if (kind == LedgerKind.AUTHORIZATION && amountCents < 0 || kind == LedgerKind.REFUND && amountCents > 0) {
            throw new IllegalArgumentException(kind + " of " + amountCents + " has the wrong sign");
        }
    }

    static LedgerEntry of(UUID paymentId, LedgerKind kind, long amountCents, Instant now) {
        return new LedgerEntry(UUID.randomUUID(), paymentId, kind, amountCents, now.truncatedTo(ChronoUnit.MICROS));
    }
}
