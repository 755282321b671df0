-- order-service schema. UUIDs as CHAR(36) like the shared outbox. Times are DATETIME(6) in UTC, written by the
-- service as text (see SqlTime): mysql-connector-j drops fractional seconds when it talks to MariaDB 10.x (it reads
-- the handshake version 5.5.5 as "no fractional seconds"), and DATETIME never depends on a session time zone.

-- The order aggregate. status moves only through the saga (see io.firedrill.order.domain.Order);
-- version guards concurrent updates. payment_method is what AuthorizePayment carries ("card:<number>"):
-- kept because the sweeper must be able to resend the command.
CREATE TABLE orders (
    id               CHAR(36)     NOT NULL PRIMARY KEY,
    customer_id      CHAR(36)     NOT NULL,
    tenant_region    VARCHAR(16)  NOT NULL,
    status           VARCHAR(24)  NOT NULL,
    reason           VARCHAR(64)  NULL,
    total_cents      BIGINT       NOT NULL,
    currency         CHAR(3)      NOT NULL,
    payment_method   VARCHAR(64)  NOT NULL,
    ship_recipient   VARCHAR(200) NOT NULL,
    ship_line1       VARCHAR(200) NOT NULL,
    ship_line2       VARCHAR(200) NULL,
    ship_city        VARCHAR(100) NOT NULL,
    ship_postal_code VARCHAR(20)  NOT NULL,
    ship_country     CHAR(2)      NOT NULL,
    idempotency_key  VARCHAR(128) NULL,
    request_hash     CHAR(64)     NULL,
    created_at       DATETIME(6)  NOT NULL,
    updated_at       DATETIME(6)  NOT NULL,
    version          BIGINT       NOT NULL DEFAULT 0,
    -- Idempotency keys are scoped per customer: one customer's key never collides with another's.
    UNIQUE KEY uk_orders_idempotency (customer_id, idempotency_key),
    KEY idx_orders_customer_created (customer_id, created_at, id)
);

CREATE TABLE order_line (
    order_id         CHAR(36)     NOT NULL,
    line_no          INT          NOT NULL,
    sku              VARCHAR(32)  NOT NULL,
    name             VARCHAR(200) NOT NULL,
    quantity         INT          NOT NULL,
    unit_price_cents BIGINT       NOT NULL,
    PRIMARY KEY (order_id, line_no),
    CONSTRAINT fk_order_line_order FOREIGN KEY (order_id) REFERENCES orders (id)
);

-- One checkout saga per order (io.firedrill.order.saga). step_deadline is NULL once the saga ended; the sweeper
-- finds overdue in-flight sagas through idx_saga_due. reservation_status / payment_status are what the
-- participants confirmed: compensation undoes exactly what is still held.
CREATE TABLE saga_instance (
    id                 CHAR(36)      NOT NULL PRIMARY KEY,
    order_id           CHAR(36)      NOT NULL,
    state              VARCHAR(24)   NOT NULL,
    step               VARCHAR(32)   NULL,
    step_deadline      DATETIME(6)   NULL,
    attempts           INT           NOT NULL,
    reservation_id     CHAR(36)      NULL,
    reservation_status VARCHAR(16)   NOT NULL,
    payment_id         CHAR(36)      NULL,
    payment_status     VARCHAR(16)   NOT NULL,
    last_error         VARCHAR(1000) NULL,
    version            BIGINT        NOT NULL DEFAULT 0,
    created_at         DATETIME(6)   NOT NULL,
    updated_at         DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_saga_order (order_id),
    KEY idx_saga_due (state, step_deadline),
    CONSTRAINT fk_saga_order FOREIGN KEY (order_id) REFERENCES orders (id)
);
