-- The trace of the checkout that started the saga, so commands the sweeper resends (and compensations it
-- starts) stay in the same trace as the original request instead of starting orphan ones.
ALTER TABLE saga_instance ADD COLUMN traceparent VARCHAR(64) NULL;
