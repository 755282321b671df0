package io.firedrill.web.admin;

import io.firedrill.web.ApiProblems;
import io.firedrill.web.ProblemException;
import io.firedrill.web.ProblemWriter;
import io.firedrill.web.RequestBodyLimitFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves one {@link AdminCommand} as {@code POST /admin/<name>}: reads the body (within the size limit) into the
 * command's body type with the service's own JSON mapper, validates it, runs the command and answers its result as
 * JSON. Every refusal is problem+json; the token was checked before this runs ({@link AdminTokenFilter}).
 */
final class AdminCommandServlet<T> extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(AdminCommandServlet.class);

    private final transient AdminCommand<T> command;
    private final transient JsonMapper json;
    private final transient Validator validator;

    AdminCommandServlet(AdminCommand<T> command, JsonMapper json, Validator validator) {
        this.command = command;
        this.json = json;
        this.validator = validator;
    }

    static String path(AdminCommand<?> command) {
        return "/admin/" + command.name();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            ProblemWriter.write(response, ApiProblems.problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                    "Method Not Allowed", request.getMethod() + " is not supported here; POST runs the command: "
                            + command.summary(), request.getRequestURI()));
            return;
        }
        T body;
        try {
            // An unknown field is refused for every command: a misspelt one would otherwise be dropped silently and
            // the command run as if it were absent (a retry of every failed saga instead of the named ones).
            body = json.readerFor(command.bodyType()).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(request.getInputStream());
        } catch (JacksonException | RequestBodyLimitFilter.PayloadTooLarge e) {
            ProblemWriter.write(response, ApiProblems.unreadable(e, request.getRequestURI()));
            return;
        }
        if (body == null) {
            ProblemWriter.write(response, ApiProblems.unreadable(null, request.getRequestURI()));
            return;
        }
        List<ApiProblems.FieldProblem> invalid = violations(body);
        if (!invalid.isEmpty()) {
            ProblemWriter.write(response, ApiProblems.invalid(invalid, request.getRequestURI()));
            return;
        }
        try {
            Object result = command.execute(body);
            log.info("admin command {} run by {}", path(command), request.getRemoteAddr());
            ProblemWriter.json(response, 200, result);
        } catch (ProblemException e) {
            ProblemWriter.write(response, ApiProblems.problem(e.status(), e.code(), e.status().getReasonPhrase(),
                    e.getMessage(), request.getRequestURI()));
        } catch (RuntimeException e) {
            log.error("admin command {} failed", path(command), e);
            ProblemWriter.write(response, ApiProblems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                    "Internal error", "The command failed unexpectedly; it has been logged.", request.getRequestURI()));
        }
    }

    private List<ApiProblems.FieldProblem> violations(T body) {
        if (validator == null) {
            return List.of();
        }
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        return violations.stream()
                .map(v -> new ApiProblems.FieldProblem(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(ApiProblems.FieldProblem::field))
                .toList();
    }
}
