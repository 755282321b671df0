-- The card vault. A client tokenizes a card here (POST /api/payment-methods) and checks out with the token; only
-- the token, the brand and the last four digits are kept, never the card number (PAN). A token belongs to the
-- customer it was issued to.
CREATE TABLE card_token (
    token       VARCHAR(40) NOT NULL PRIMARY KEY,
    customer_id CHAR(36)    NOT NULL,
    brand       VARCHAR(16) NOT NULL,
    last4       CHAR(4)     NOT NULL,
    created_at  DATETIME(6) NOT NULL
);

-- Payments recorded before the vault kept the masked method; mask anything that still looks like a card number.
UPDATE payment SET payment_method = CONCAT(REPEAT('*', CHAR_LENGTH(REGEXP_REPLACE(payment_method, '[^0-9]', '')) - 4),
        RIGHT(REGEXP_REPLACE(payment_method, '[^0-9]', ''), 4))
    WHERE REGEXP_REPLACE(payment_method, '[^0-9]', '') REGEXP '^[0-9]{13,19}$';
