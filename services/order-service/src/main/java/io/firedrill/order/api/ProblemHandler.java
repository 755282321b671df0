package io.firedrill.order.api;

import io.firedrill.order.OrderProperties;
import io.firedrill.order.catalog.CatalogUnavailableException;
import io.firedrill.order.catalog.UnknownSkuException;
import io.firedrill.order.checkout.IdempotencyConflictException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Every error of the API as an RFC 9457 {@code application/problem+json}: a stable {@code type}, a title, a detail
 * naming what was wrong (field, SKU, order id), the request path as {@code instance}; never a stack trace. Spring's
 * own exceptions (405, 406, 415, unknown path...) come out as problems through the base class.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final String TYPES = "https://firedrill.io/problems/";

    private final long retryAfterSeconds;

    ProblemHandler(OrderProperties properties) {
        this.retryAfterSeconds = Math.max(1, properties.catalog().retryAfter().toSeconds());
    }

    /** One invalid field; values are not echoed (a card number may be among them). */
    record FieldProblem(String field, String message) {}

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
                // A body's field errors are named like the body's own fields (items[0].quantity), a header or
                // query parameter by its name.
                String field = error instanceof FieldError fe ? fe.getField() : name;
                errors.add(new FieldProblem(field, error.getDefaultMessage()));
            }
        });
        return invalid(errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.PayloadTooLargeException tooLarge) {
                ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large",
                        "The request body exceeds " + tooLarge.limit + " bytes.", request);
                problem.setProperty("limitBytes", tooLarge.limit);
                return problemResponse(problem, new HttpHeaders());
            }
        }
        String detail = "The request body is not valid JSON for this endpoint.";
        JacksonException jackson = jacksonCause(ex);
        if (jackson instanceof StreamReadException) {
            detail = "Malformed JSON: " + firstLine(jackson.getOriginalMessage());
        } else if (jackson != null) {
            String path = path(jackson);
            String reason = firstLine(jackson.getOriginalMessage());
            detail = path.isEmpty() ? "Invalid JSON value: " + reason : "Invalid value for '" + path + "': " + reason;
        } else if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            detail = "The request body is missing.";
        }
        return problemResponse(problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request body", detail, request),
                new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "another type" : ex.getRequiredType().getSimpleName();
        return invalid(List.of(new FieldProblem(name, "must be a valid " + expected)), request);
    }

    @ExceptionHandler(UnknownSkuException.class)
    ResponseEntity<Object> unknownSku(UnknownSkuException ex, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-sku", "Unknown SKU",
                "SKU " + ex.sku() + " is not in the catalog.", new ServletWebRequest(request));
        problem.setProperty("sku", ex.sku());
        return problemResponse(problem, new HttpHeaders());
    }

    @ExceptionHandler(IdempotencyConflictException.class)
    ResponseEntity<Object> idempotencyConflict(IdempotencyConflictException ex, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                "Idempotency-Key reused with a different request",
                "Idempotency-Key '" + ex.key() + "' was already used for another request (order " + ex.existingOrderId()
                        + "); use a new key for a new checkout.", new ServletWebRequest(request));
        problem.setProperty("orderId", ex.existingOrderId());
        return problemResponse(problem, new HttpHeaders());
    }

    @ExceptionHandler(OrderNotFoundException.class)
    ResponseEntity<Object> notFound(OrderNotFoundException ex, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "order-not-found", "Order not found",
                "Order " + ex.orderId() + " was not found.", new ServletWebRequest(request));
        problem.setProperty("orderId", ex.orderId());
        return problemResponse(problem, new HttpHeaders());
    }

    @ExceptionHandler(OrderNotCancellableException.class)
    ResponseEntity<Object> notCancellable(OrderNotCancellableException ex, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "order-not-cancellable", "Order can no longer be cancelled",
                ex.getMessage() + ".", new ServletWebRequest(request));
        problem.setProperty("orderId", ex.orderId());
        return problemResponse(problem, new HttpHeaders());
    }

    @ExceptionHandler(CatalogUnavailableException.class)
    ResponseEntity<Object> catalogUnavailable(CatalogUnavailableException ex, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return problemResponse(problem(HttpStatus.SERVICE_UNAVAILABLE, "catalog-unavailable", "Catalog unavailable",
                "The inventory catalog cannot price the order right now; retry later.", new ServletWebRequest(request)), headers);
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Object> database(DataAccessException ex, HttpServletRequest request) {
        log.warn("database unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return problemResponse(problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Order store unavailable",
                "The order store cannot serve this request right now; retry later.", new ServletWebRequest(request)), headers);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) throws Exception {
        if (ex instanceof org.springframework.web.ErrorResponse) {
            throw ex;
        }
        log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return problemResponse(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request failed unexpectedly; it has been logged.", new ServletWebRequest(request)), new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                // Spring's own errors (405, 406, 415, unknown path...): a type per status, like ours.
                HttpStatus known = HttpStatus.resolve(statusCode.value());
                String slug = known == null ? "http-" + statusCode.value() : known.name().toLowerCase().replace('_', '-');
                problem.setType(URI.create(TYPES + slug));
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
        String fields = String.join(", ", errors.stream().map(e -> e.field() + " " + e.message()).toList());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request is invalid: " + fields + ".", request);
        problem.setProperty("errors", errors);
        return problemResponse(problem, new HttpHeaders());
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(title);
        if (request instanceof ServletWebRequest servlet) {
            problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
        }
        return problem;
    }

    private static ResponseEntity<Object> problemResponse(ProblemDetail problem, HttpHeaders headers) {
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, headers, HttpStatusCode.valueOf(problem.getStatus()));
    }

    private static JacksonException jacksonCause(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof JacksonException j) {
                return j;
            }
        }
        return null;
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
}
