-- Orders carry the card's token at payment-service (payment_method, e.g. pm_...) and what may be shown of the card
-- (payment_card, e.g. visa ****4242), never a card number.
ALTER TABLE orders ADD COLUMN payment_card VARCHAR(32) NULL AFTER payment_method;

-- Orders placed before tokenization stored "card:<number>": keep the last four digits only. (Their outbox rows and
-- Kafka records age out with the outbox retention and the topics' retention, 24 h.)
UPDATE orders SET payment_card = CONCAT('card ****', RIGHT(payment_method, 4)),
                  payment_method = CONCAT('card:****', RIGHT(payment_method, 4))
    WHERE payment_method REGEXP '^card:[0-9]{13,19}$';
