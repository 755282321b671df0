package io.firedrill.web.admin;

import io.firedrill.web.ApiProblems;
import io.firedrill.web.ProblemWriter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET|PATCH|DELETE /admin/settings} on the management port, over the service's {@link AdjustableSettings}.
 * The bearer token is checked before this runs ({@link AdminTokenFilter}). Errors are problem+json: 400 for a body
 * that is not a JSON object, an unknown field or a value of the wrong type (nothing changes), 422 for a value out of
 * range, 405 for another method.
 */
final class SettingsServlet extends HttpServlet {

    static final String PATH = "/admin/settings";
    private static final Logger log = LoggerFactory.getLogger(SettingsServlet.class);

    private final transient AdjustableSettings settings;
    private final transient JsonMapper json = JsonMapper.shared();

    SettingsServlet(AdjustableSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        switch (request.getMethod()) {
            case "GET", "HEAD" -> ProblemWriter.json(response, 200, settings.view());
            case "PATCH" -> patch(request, response);
            case "DELETE" -> {
                log.warn("runtime settings reset to the configured values by {}", request.getRemoteAddr());
                ProblemWriter.json(response, 200, settings.reset());
            }
            default -> {
                response.setHeader("Allow", "GET, PATCH, DELETE");
                problem(request, response, HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                        request.getMethod() + " is not supported here; GET shows the settings, PATCH changes the fields it"
                                + " names, DELETE restores the configured values.");
            }
        }
    }

    private void patch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(request.getInputStream());
        } catch (JacksonException e) {
            problem(request, response, HttpStatus.BAD_REQUEST, "malformed-request", "The body is not valid JSON.");
            return;
        }
        if (body == null || !body.isObject() || body.isEmpty()) {
            problem(request, response, HttpStatus.BAD_REQUEST, "malformed-request",
                    "The body must be a JSON object naming at least one of " + new TreeSet<>(settings.fields()) + ".");
            return;
        }
        SettingsChange change = new SettingsChange(body);
        Set<String> unknown = new TreeSet<>(change.names());
        unknown.removeAll(settings.fields());
        if (!unknown.isEmpty()) {
            problem(request, response, HttpStatus.BAD_REQUEST, "unknown-setting",
                    "Unknown setting(s) " + unknown + "; known: " + new TreeSet<>(settings.fields()) + ".");
            return;
        }
        try {
            Object updated = settings.change(change);
            log.warn("runtime settings changed by {}: {} -> {}", request.getRemoteAddr(), body, updated);
            ProblemWriter.json(response, 200, updated);
        } catch (SettingsChange.InvalidValue e) {
            problem(request, response, HttpStatus.BAD_REQUEST, "invalid-setting", e.getMessage());
        } catch (IllegalArgumentException e) {
            problem(request, response, HttpStatus.UNPROCESSABLE_CONTENT, "invalid-setting", e.getMessage());
        }
    }

    private static void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
                                String detail) throws IOException {
        ProblemWriter.write(response, ApiProblems.problem(status, code, status.getReasonPhrase(), detail,
                request.getRequestURI()));
    }
}
