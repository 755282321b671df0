-- One row, rewritten on the primary every second by order-service and read back on the replica: the age of the
-- row the replica holds is the replication lag (firedrill_replica_lag_seconds). Unlike Seconds_Behind_Master it
-- keeps growing when the SQL thread is stopped, and it measures what readers of the replica actually see.
CREATE TABLE IF NOT EXISTS replica_heartbeat (
    id      TINYINT     NOT NULL PRIMARY KEY,
    beat_at DATETIME(6) NOT NULL
);
