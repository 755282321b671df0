package io.firedrill.payment.domain;

/** Kinds of ledger entries; an AUTHORIZATION is positive, a REFUND negative. */
public enum LedgerKind {
    AUTHORIZATION,
    REFUND
}
