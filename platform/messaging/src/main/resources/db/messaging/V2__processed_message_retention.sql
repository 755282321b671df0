-- RetentionPurger deletes processed-message rows past their retention by processed_at, in batches.
CREATE INDEX idx_processed_message_processed_at ON processed_message (processed_at);
