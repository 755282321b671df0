package io.firedrill.cdcrelay.admin;

import io.firedrill.cdcrelay.relay.OutboxRelay;
import io.firedrill.web.ProblemException;
import io.firedrill.web.admin.AdminCommand;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /admin/restart-engine} on the management port (admin token), body {@code {}} or
 * {@code {"reason": "..."}}: stops the Debezium engine and starts a new one from the committed offsets, what the
 * watchdog does to a stalled engine, for an operator whose watchdog is off or too patient. Rows not yet acknowledged
 * by Kafka are relayed again (consumers dedupe by event id). 409 when there is no running engine to restart (the relay
 * is starting, stopping, or already restarting).
 */
public final class EngineRestartCommand implements AdminCommand<EngineRestartCommand.Request> {

    /** @param reason why, for the log and the relay's lastError (optional) */
    public record Request(String reason) {
    }

    private final OutboxRelay relay;

    public EngineRestartCommand(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public String name() {
        return "restart-engine";
    }

    @Override
    public String summary() {
        return "Restarts the relay's Debezium engine from its committed offsets (body {} or {\"reason\":\"...\"}); "
                + "unacknowledged rows are relayed again.";
    }

    @Override
    public Class<Request> bodyType() {
        return Request.class;
    }

    @Override
    public Object execute(Request request) {
        long before = relay.status().engineStarts();
        String reason = request.reason() == null || request.reason().isBlank() ? "restarted by an operator" : request.reason().strip();
        if (!relay.restartEngine(reason)) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "no-running-engine",
                    "no running engine to restart: the relay is " + relay.status().state());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("restarted", true);
        body.put("engineStartsBefore", before);
        body.put("reason", reason);
        return body;
    }
}
