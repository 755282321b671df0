package io.firedrill.web;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error of a service's API as RFC 9457 {@code application/problem+json}: a stable type
 * ({@code https://firedrill.io/problems/<code>}, the code also as a {@code code} property), a title, a detail naming
 * what was wrong (field, id), the path as {@code instance}; never a stack trace. Covers what every service shares:
 * invalid fields and malformed bodies (400, with {@code errors: [{field, message}]}), a body over the limit (413),
 * {@link ProblemException}s, Spring's own errors (405, 415, unknown path...) and the unexpected (500, with the request's
 * {@code traceId}, logged at ERROR with the same trace id). A service with
 * errors of its own extends this class and adds {@code @ExceptionHandler}s; the more specific handler wins.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

    public static final String TYPES = "https://firedrill.io/problems/";
    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    /** One invalid field; values are not echoed (a card number may be among them). */
    public record FieldProblem(String field, String message) {}

    /** A problem of the Firedrill shape; {@code instance} may be null. */
    public static ProblemDetail problem(HttpStatus status, String code, String title, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        if (instance != null) {
            problem.setInstance(URI.create(instance));
        }
        return problem;
    }

    /** The same, with the request's path as instance. */
    protected static ProblemDetail problem(HttpStatus status, String code, String title, String detail, WebRequest request) {
        return problem(status, code, title, detail, requestPath(request));
    }

    private static String requestPath(WebRequest request) {
        return request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : null;
    }

    /** Always problem+json, also when the client asked for another type (an image, say). */
    protected static ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers) {
        HttpHeaders withType = new HttpHeaders();
        withType.putAll(headers);
        withType.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, withType, HttpStatusCode.valueOf(problem.getStatus()));
    }

    protected static ResponseEntity<Object> respond(ProblemDetail problem) {
        return respond(problem, new HttpHeaders());
    }

    /** A 503 that tells well-behaved clients when to come back. */
    protected static ResponseEntity<Object> unavailable(String code, String title, String detail, long retryAfterSeconds,
                                                        HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
        return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, code, title, detail, request.getRequestURI()), headers);
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> refused(ProblemException e, HttpServletRequest request) {
        return respond(problem(e.status(), e.code(), e.status().getReasonPhrase(), e.getMessage(), request.getRequestURI()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) throws Exception {
        if (e instanceof ErrorResponse) {
            throw e; // Spring's own (405, 415...): the base class answers them with their status
        }
        String traceId = currentTraceId();
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                traceId == null ? "The request failed unexpectedly; it has been logged."
                        : "The request failed unexpectedly; it has been logged with trace id " + traceId + ".",
                request.getRequestURI());
        if (traceId == null) {
            log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        } else {
            problem.setProperty("traceId", traceId);
            // The MDC's trace_id is what `firedrill-stack trace` and a log search match; set it if no filter did.
            try (MDC.MDCCloseable ids = MDC.get(TRACE_ID_MDC) == null ? MDC.putCloseable(TRACE_ID_MDC, traceId) : null) {
                log.error("unexpected failure on {} {} (trace {})", request.getMethod(), request.getRequestURI(), traceId, e);
            }
        }
        return respond(problem);
    }

    /** The MDC key of the trace id in every log line (OpenTelemetry's logback MDC instrumentation and our filters). */
    static final String TRACE_ID_MDC = "trace_id";

    /**
     * The trace id of the request being answered, so that a client's 500 leads support to the ERROR line and the trace
     * in Zipkin: the current span's (the server span; valid also when the trace is not sampled), else the MDC's
     * {@code trace_id} (set by the services' traceparent filter without an OpenTelemetry SDK), else null.
     */
    static String currentTraceId() {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            return span.getTraceId();
        }
        String logged = MDC.get(TRACE_ID_MDC);
        return logged != null && TRACE_ID.matcher(logged).matches() ? logged : null;
    }

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(e -> errors.add(new FieldProblem(e.getField(), e.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors().forEach(e -> errors.add(new FieldProblem(e.getObjectName(), e.getDefaultMessage())));
        return invalid(errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                // A body's field errors are named like the body's fields (items[0].quantity), a parameter by its name.
                errors.add(new FieldProblem(error instanceof FieldError fe ? fe.getField() : name, error.getDefaultMessage()));
            }
        });
        return invalid(errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "another type" : ex.getRequiredType().getSimpleName();
        return invalid(List.of(new FieldProblem(name, "must be a valid " + expected)), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return respond(unreadable(ex, requestPath(request)));
    }

    /**
     * A body that could not be read into what the route takes: 413 when it crossed the size limit, else 400
     * {@code malformed-request} naming the field at fault (unknown field, wrong type) or saying the JSON is malformed.
     */
    public static ProblemDetail unreadable(Throwable ex, String instance) {
        RequestBodyLimitFilter.PayloadTooLarge tooLarge = cause(ex, RequestBodyLimitFilter.PayloadTooLarge.class);
        if (tooLarge != null) {
            ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large",
                    tooLarge.getMessage(), instance);
            problem.setProperty("limitBytes", tooLarge.limit());
            return problem;
        }
        JacksonException json = cause(ex, JacksonException.class);
        String field = json == null ? "" : path(json);
        String message;
        if (json instanceof UnrecognizedPropertyException unknown) {
            field = unknown.getPropertyName();
            message = "is not a known field";
        } else if (json instanceof StreamReadException) {
            field = "";
            message = "Malformed JSON: " + firstLine(json.getOriginalMessage());
        } else if (json != null) {
            message = field.isEmpty() ? "Invalid JSON value: " + firstLine(json.getOriginalMessage())
                    : "has the wrong type or value: " + firstLine(json.getOriginalMessage());
        } else {
            message = "The request body is missing or is not valid JSON for this endpoint.";
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request body",
                field.isEmpty() ? message : field + " " + message, instance);
        if (!field.isEmpty()) {
            problem.setProperty("errors", List.of(new FieldProblem(field, message)));
        }
        return problem;
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                // Spring's own errors (405, 406, 415, unknown path...): a type per status, like ours.
                HttpStatus known = HttpStatus.resolve(statusCode.value());
                String code = known == null ? "http-" + statusCode.value() : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
                problem.setType(URI.create(TYPES + code));
                problem.setProperty("code", code);
            }
            if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
                problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
            }
            HttpHeaders withType = new HttpHeaders();
            withType.putAll(headers);
            withType.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return new ResponseEntity<>(problem, withType, statusCode);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private ResponseEntity<Object> invalid(List<FieldProblem> errors, WebRequest request) {
        return respond(invalid(errors, requestPath(request)));
    }

    /** 400 {@code invalid-request} listing every invalid field as {@code errors: [{field, message}]}. */
    public static ProblemDetail invalid(List<FieldProblem> errors, String instance) {
        String fields = String.join(", ", errors.stream().map(e -> e.field() + " " + e.message()).toList());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request is invalid: " + fields + ".", instance);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** {@code items[0].quantity} from Jackson's reference chain. */
    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse("unreadable");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    protected static <T extends Throwable> T cause(Throwable start, Class<T> type) {
        for (Throwable t = start; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
