package io.firedrill.cdcrelay.api;

import io.firedrill.cdcrelay.relay.OutboxRelay;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /admin/relay/pause}, {@code POST /admin/relay/resume}, {@code GET /admin/relay}: the chaos lever for
 * the cdc-lag scenario. Served by the management server only (127.0.0.1). No authentication yet.
 */
final class RelayAdminServlet extends HttpServlet {

    static final String PATH = "/admin/relay";

    private final transient OutboxRelay relay;
    private final transient JsonMapper json = JsonMapper.shared();

    RelayAdminServlet(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!action(request).isEmpty()) {
            write(response, HttpServletResponse.SC_NOT_FOUND, Map.of("error", "unknown path " + request.getRequestURI()));
            return;
        }
        write(response, HttpServletResponse.SC_OK, body());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (action(request)) {
            case "pause" -> relay.pause();
            case "resume" -> relay.resume();
            default -> {
                write(response, HttpServletResponse.SC_NOT_FOUND, Map.of("error", "unknown action "
                        + request.getRequestURI() + "; use " + PATH + "/pause or " + PATH + "/resume"));
                return;
            }
        }
        write(response, HttpServletResponse.SC_OK, body());
    }

    private static String action(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info == null ? "" : info.replaceAll("^/+|/+$", "");
    }

    private Map<String, Object> body() {
        OutboxRelay.Status status = relay.status();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", status.state().name());
        body.put("streaming", status.streaming());
        body.put("paused", status.paused());
        body.put("engineStarts", status.engineStarts());
        body.put("lastError", status.lastError());
        body.put("lagSeconds", status.lagSeconds());
        body.put("heartbeatAgeSeconds", status.heartbeatAgeSeconds());
        return body;
    }

    private void write(HttpServletResponse response, int code, Map<String, ?> body) throws IOException {
        response.setStatus(code);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
