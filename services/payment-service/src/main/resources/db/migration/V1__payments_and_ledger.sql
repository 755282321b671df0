-- payment-service schema. One payment per order (unique order_id: the idempotency key of AuthorizePayment); the
-- ledger is append-only (triggers refuse UPDATE and DELETE) and sums to what the customer was charged.

CREATE TABLE payment (
    id                 CHAR(36)    NOT NULL PRIMARY KEY,
    order_id           CHAR(36)    NOT NULL,
    customer_id        CHAR(36)    NOT NULL,
    amount_cents       BIGINT      NOT NULL,
    currency           CHAR(3)     NOT NULL,
    -- Masked: a card number keeps only its last four digits (never store a PAN).
    payment_method     VARCHAR(64) NOT NULL,
    status             VARCHAR(16) NOT NULL,
    decline_reason     VARCHAR(64) NULL,
    provider_reference VARCHAR(64) NULL,
    tenant_region      VARCHAR(16) NOT NULL,
    created_at         DATETIME(6) NOT NULL,
    updated_at         DATETIME(6) NOT NULL,
    version            BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT uq_payment_order UNIQUE (order_id),
    CONSTRAINT ck_payment_amount CHECK (amount_cents >= 0),
    CONSTRAINT ck_payment_status CHECK (status IN ('AUTHORIZED', 'DECLINED', 'REFUNDED')),
    CONSTRAINT ck_payment_decline CHECK ((status = 'DECLINED') = (decline_reason IS NOT NULL))
);

-- Signed amounts: AUTHORIZATION >= 0, REFUND <= 0. At most one of each per payment, enforced here too.
CREATE TABLE ledger_entry (
    id           CHAR(36)    NOT NULL PRIMARY KEY,
    payment_id   CHAR(36)    NOT NULL,
    kind         VARCHAR(16) NOT NULL,
    amount_cents BIGINT      NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    CONSTRAINT uq_ledger_payment_kind UNIQUE (payment_id, kind),
    CONSTRAINT ck_ledger_kind CHECK (kind IN ('AUTHORIZATION', 'REFUND')),
    CONSTRAINT ck_ledger_sign CHECK ((kind = 'AUTHORIZATION' AND amount_cents >= 0) OR (kind = 'REFUND' AND amount_cents <= 0)),
    CONSTRAINT fk_ledger_payment FOREIGN KEY (payment_id) REFERENCES payment (id)
);

CREATE TRIGGER ledger_entry_append_only_update BEFORE UPDATE ON ledger_entry FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger_entry is append-only';

CREATE TRIGGER ledger_entry_append_only_delete BEFORE DELETE ON ledger_entry FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger_entry is append-only';
