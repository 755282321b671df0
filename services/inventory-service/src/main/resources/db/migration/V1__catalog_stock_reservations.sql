-- inventory-service schema. Quantities are signed with CHECK constraints (MariaDB 10.11 enforces them):
-- "never negative" holds in the database too, and available/oversold arithmetic never hits unsigned underflow.

CREATE TABLE product (
    sku         VARCHAR(32)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    price_cents BIGINT       NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    CONSTRAINT ck_product_price CHECK (price_cents >= 0)
);

-- available = on_hand - reserved - committed. committed > on_hand is the oversell incident (guard off).
CREATE TABLE stock (
    sku       VARCHAR(32) NOT NULL PRIMARY KEY,
    on_hand   BIGINT      NOT NULL,
    reserved  BIGINT      NOT NULL DEFAULT 0,
    committed BIGINT      NOT NULL DEFAULT 0,
    version   BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT ck_stock_on_hand CHECK (on_hand >= 0),
    CONSTRAINT ck_stock_reserved CHECK (reserved >= 0),
    CONSTRAINT ck_stock_committed CHECK (committed >= 0),
    CONSTRAINT fk_stock_product FOREIGN KEY (sku) REFERENCES product (sku)
);

-- One row per order: the order's inventory outcome. REJECTED (with reject_reason, no lines) is recorded too,
-- so a redelivered ReserveInventory re-announces the first answer instead of reserving later stock.
CREATE TABLE reservation (
    id            CHAR(36)    NOT NULL PRIMARY KEY,
    order_id      CHAR(36)    NOT NULL,
    status        VARCHAR(16) NOT NULL,
    reject_reason VARCHAR(32) NULL,
    tenant_region VARCHAR(16) NOT NULL,
    expires_at    DATETIME(6) NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    updated_at    DATETIME(6) NOT NULL,
    version       BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT uq_reservation_order UNIQUE (order_id),
    CONSTRAINT ck_reservation_status CHECK (status IN ('ACTIVE', 'COMMITTED', 'RELEASED', 'EXPIRED', 'REJECTED')),
    KEY idx_reservation_status_expires (status, expires_at)
);

CREATE TABLE reservation_line (
    reservation_id CHAR(36)    NOT NULL,
    sku            VARCHAR(32) NOT NULL,
    quantity       INT         NOT NULL,
    PRIMARY KEY (reservation_id, sku),
    CONSTRAINT ck_reservation_line_quantity CHECK (quantity > 0),
    CONSTRAINT fk_reservation_line_reservation FOREIGN KEY (reservation_id) REFERENCES reservation (id)
);
