-- One shipment per order (order_id UNIQUE is what makes CreateShipment idempotent under concurrency).
-- Rows are written once, in the same transaction as the ShipmentCreated/ShipmentFailed outbox row.
CREATE TABLE shipment (
    id              CHAR(36)     NOT NULL PRIMARY KEY,
    order_id        CHAR(36)     NOT NULL,
    customer_id     CHAR(36)     NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    label_key       VARCHAR(255) NULL,
    carrier         VARCHAR(32)  NULL,
    tracking_number VARCHAR(32)  NULL,
    -- Kept so that a repeated CreateShipment re-announces ShipmentFailed with the same reason.
    failure_reason  VARCHAR(500) NULL,
    tenant_region   VARCHAR(16)  NOT NULL,
    created_at      TIMESTAMP(6) NOT NULL,
    CONSTRAINT uk_shipment_order UNIQUE (order_id),
    CONSTRAINT ck_shipment_status CHECK (status IN ('CREATED', 'FAILED')),
    CONSTRAINT ck_shipment_label CHECK (status <> 'CREATED' OR label_key IS NOT NULL),
    KEY idx_shipment_customer (customer_id, created_at)
);
