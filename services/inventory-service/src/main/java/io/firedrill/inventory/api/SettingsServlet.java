package io.firedrill.inventory.api;

import io.firedrill.inventory.InventorySettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /admin/settings} and {@code PUT /admin/settings} on the management port: the runtime levers chaos
 * scenarios pull. PUT takes any subset of {@code {"confirmGuard": false, "reaperInterval": "500ms"}} (a duration
 * like {@code 250ms}, {@code 2s}, {@code PT1S}, or a number of milliseconds) and answers with the settings now in
 * force; the next command or reaper run uses them. Errors are problem+json.
 */
final class SettingsServlet extends HttpServlet {

    static final String PATH = "/admin/settings";
    private static final Set<String> FIELDS = Set.of("confirmGuard", "reaperInterval");
    private static final Logger log = LoggerFactory.getLogger(SettingsServlet.class);

    private final transient InventorySettings settings;
    private final transient AdminAccess access;
    private final transient JsonMapper json = JsonMapper.shared();

    SettingsServlet(InventorySettings settings, AdminAccess access) {
        this.settings = settings;
        this.access = access;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (allowed(request, response)) {
            write(response, HttpServletResponse.SC_OK, view(settings.current()));
        }
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!allowed(request, response)) {
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(request.getInputStream());
        } catch (JacksonException e) {
            problem(response, 400, "malformed-body", "The body is not valid JSON.");
            return;
        }
        if (body == null || !body.isObject()) {
            problem(response, 400, "malformed-body", "The body must be a JSON object with confirmGuard and/or reaperInterval.");
            return;
        }
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                problem(response, 400, "unknown-setting", "Unknown setting '" + name + "'; known: " + FIELDS);
                return;
            }
        }
        Boolean guard = null;
        JsonNode guardNode = body.get("confirmGuard");
        if (guardNode != null) {
            if (!guardNode.isBoolean()) {
                problem(response, 400, "invalid-setting", "confirmGuard must be true or false.");
                return;
            }
            guard = guardNode.booleanValue();
        }
        Duration interval = null;
        JsonNode intervalNode = body.get("reaperInterval");
        if (intervalNode != null) {
            try {
                interval = intervalNode.isIntegralNumber() ? Duration.ofMillis(intervalNode.longValue())
                        : intervalNode.isString() ? DurationStyle.detectAndParse(intervalNode.stringValue()) : null;
            } catch (IllegalArgumentException e) {
                interval = null;
            }
            if (interval == null) {
                problem(response, 400, "invalid-setting", "reaperInterval must be a duration such as \"500ms\" or a number of milliseconds.");
                return;
            }
        }
        InventorySettings.Snapshot updated;
        try {
            updated = settings.update(guard, interval);
        } catch (IllegalArgumentException e) {
            problem(response, 422, "invalid-setting", e.getMessage());
            return;
        }
        log.warn("runtime settings set by {}: confirmGuard={} reaperInterval={}ms", request.getRemoteAddr(),
                updated.confirmGuard(), updated.reaperInterval().toMillis());
        write(response, HttpServletResponse.SC_OK, view(updated));
    }

    private boolean allowed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String denied = access.deny(request);
        if (denied != null) {
            response.setHeader("WWW-Authenticate", "Bearer");
            problem(response, 401, "unauthorized", denied);
            return false;
        }
        return true;
    }

    private static Map<String, Object> view(InventorySettings.Snapshot s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("confirmGuard", s.confirmGuard());
        body.put("reaperInterval", s.reaperInterval().toMillis() + "ms");
        return body;
    }

    private void problem(HttpServletResponse response, int status, String code, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status == 401 ? "Unauthorized" : status == 422 ? "Unprocessable Content" : "Bad Request");
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }

    private void write(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
