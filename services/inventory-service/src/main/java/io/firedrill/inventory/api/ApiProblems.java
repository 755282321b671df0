package io.firedrill.inventory.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as RFC 9457 {@code application/problem+json}: 400 for malformed input (with the field
 * errors), 404 naming the id, 413 for a body over the limit, 422 for a well-formed but impossible request, and a 500
 * without internals for the unexpected. Spring's own exceptions (405, 415, unknown path...) keep their statuses.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    /** The id asked for does not exist. */
    static final class NotFound extends RuntimeException {
        NotFound(String detail) {
            super(detail);
        }
    }

    /** Well-formed but not acceptable (e.g. the same SKU twice in one load). */
    static final class Unprocessable extends RuntimeException {
        final String code;

        Unprocessable(String code, String detail) {
            super(detail);
            this.code = code;
        }
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), request);
    }

    @ExceptionHandler(Unprocessable.class)
    ProblemDetail unprocessable(Unprocessable e, HttpServletRequest request) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.code, e.getMessage(), request);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "The request could not be processed; see the service log.",
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.<String, Object>of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.size() + " invalid field(s): " + errors.stream().map(e -> e.get("field") + " " + e.get("message")).toList());
        body.setTitle("Invalid request");
        body.setProperty("code", "validation");
        body.setProperty("errors", errors);
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        RequestBodyLimitFilter.PayloadTooLarge tooLarge = cause(ex, RequestBodyLimitFilter.PayloadTooLarge.class);
        if (tooLarge != null) {
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
            body.setProperty("code", "payload-too-large");
            return handleExceptionInternal(ex, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        // The parser's message says where the body broke without echoing it back.
        Throwable root = ex.getMostSpecificCause();
        String detail = root == ex ? "The request body is missing or is not valid JSON."
                : "The request body is not valid JSON for this endpoint: " + firstLine(root.getMessage());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        body.setTitle("Malformed request body");
        body.setProperty("code", "malformed-body");
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setProperty("code", code);
        body.setInstance(java.net.URI.create(request.getRequestURI()));
        return body;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
