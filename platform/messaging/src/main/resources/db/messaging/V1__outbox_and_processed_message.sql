-- Shared messaging tables, created in every service schema by firedrill-messaging's own Flyway history
-- (table flyway_messaging_history), so they never collide with the service's migrations.

-- Transactional outbox, Debezium Outbox Event Router layout. aggregatetype holds the destination topic
-- (e.g. inventory.commands); aggregateid is the Kafka key (the order id). cdc-relay captures inserts only.
CREATE TABLE outbox (
    id                 CHAR(36)     NOT NULL PRIMARY KEY,
    aggregatetype      VARCHAR(64)  NOT NULL,
    aggregateid        VARCHAR(64)  NOT NULL,
    type               VARCHAR(64)  NOT NULL,
    payload            JSON         NOT NULL,
    tracingspancontext VARCHAR(128) NULL,
    tenant_region      VARCHAR(16)  NOT NULL,
    schema_version     INT          NOT NULL,
    created_at         TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    KEY idx_outbox_created_at (created_at)
);

-- Idempotent consumer: one row per (consumer, message id), inserted in the handler's own transaction.
CREATE TABLE processed_message (
    consumer     VARCHAR(64)  NOT NULL,
    message_id   CHAR(36)     NOT NULL,
    message_type VARCHAR(64)  NOT NULL,
    processed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (consumer, message_id)
);
