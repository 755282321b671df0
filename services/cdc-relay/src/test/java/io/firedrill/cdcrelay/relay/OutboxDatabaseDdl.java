package io.firedrill.cdcrelay.relay;

/** The outbox table of the shared contract, for tests in other packages. */
public final class OutboxDatabaseDdl {

    public static final String DDL = OutboxDatabase.DDL;

    private OutboxDatabaseDdl() {
    }
}
