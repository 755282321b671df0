package io.firedrill.payment.api;

import io.firedrill.payment.PaymentSettings;
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
 * {@code GET /admin/settings} and {@code PUT /admin/settings} on the management port: the levers that make payments
 * slow or failing. PUT takes any subset of {@code {"providerLatency": "2s", "declineRatio": 0.3}} (a duration like
 * {@code 250ms}, {@code 2s}, {@code PT1S}, or a number of milliseconds; a ratio 0..1) and answers with the settings
 * now in force; the next provider call uses them. Errors are problem+json.
 */
final class SettingsServlet extends HttpServlet {

    static final String PATH = "/admin/settings";
    private static final Set<String> FIELDS = Set.of("providerLatency", "declineRatio");
    private static final Logger log = LoggerFactory.getLogger(SettingsServlet.class);

    private final transient PaymentSettings settings;
    private final transient AdminAccess access;
    private final transient JsonMapper json = JsonMapper.shared();

    SettingsServlet(PaymentSettings settings, AdminAccess access) {
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
            problem(response, 400, "malformed-body", "The body must be a JSON object with providerLatency and/or declineRatio.");
            return;
        }
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                problem(response, 400, "unknown-setting", "Unknown setting '" + name + "'; known: " + FIELDS);
                return;
            }
        }
        Duration latency = null;
        JsonNode latencyNode = body.get("providerLatency");
        if (latencyNode != null) {
            try {
                latency = latencyNode.isIntegralNumber() ? Duration.ofMillis(latencyNode.longValue())
                        : latencyNode.isString() ? DurationStyle.detectAndParse(latencyNode.stringValue()) : null;
            } catch (IllegalArgumentException e) {
                latency = null;
            }
            if (latency == null) {
                problem(response, 400, "invalid-setting", "providerLatency must be a duration such as \"2s\" or a number of milliseconds.");
                return;
            }
        }
        Double ratio = null;
        JsonNode ratioNode = body.get("declineRatio");
        if (ratioNode != null) {
            if (!ratioNode.isNumber()) {
                problem(response, 400, "invalid-setting", "declineRatio must be a number between 0 and 1.");
                return;
            }
            ratio = ratioNode.doubleValue();
        }
        PaymentSettings.Snapshot updated;
        try {
            updated = settings.update(latency, ratio);
        } catch (IllegalArgumentException e) {
            problem(response, 422, "invalid-setting", e.getMessage());
            return;
        }
        log.warn("runtime settings set by {}: providerLatency={}ms declineRatio={}", request.getRemoteAddr(),
                updated.providerLatency().toMillis(), updated.declineRatio());
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

    private static Map<String, Object> view(PaymentSettings.Snapshot s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("providerLatency", s.providerLatency().toMillis() + "ms");
        body.put("declineRatio", s.declineRatio());
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
