package io.firedrill.notification.api;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * RFC 9457 problems for every error. Bad bodies name the field: a missing or null flag, a value that is not a
 * JSON boolean, an unknown field, malformed JSON → 400 with {@code errors: [{field, message}]}; a body over the
 * limit → 413; MongoDB unreachable → 503 with Retry-After; anything unexpected → 500 without internals.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request body",
                errors.stream().map(e -> e.get("field") + " " + e.get("message")).collect(Collectors.joining("; ")),
                "invalid-body");
        problem.setProperty("errors", errors);
        return respond(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.BodyTooLarge tooLarge) {
                return respond(problem(HttpStatus.CONTENT_TOO_LARGE, "Payload too large", tooLarge.getMessage(),
                        "payload-too-large"));
            }
        }
        JacksonException json = find(ex, JacksonException.class);
        String field = json == null ? null : json.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        String message;
        if (json instanceof UnrecognizedPropertyException unknown) {
            field = unknown.getPropertyName();
            message = "is not a known field";
        } else if (json instanceof MismatchedInputException mismatch && field != null && !field.isEmpty()) {
            message = mismatch.getTargetType() == Boolean.class || mismatch.getTargetType() == boolean.class
                    ? "must be a JSON boolean (true or false)" : "has the wrong type";
        } else if (json instanceof StreamReadException) {
            field = null;
            message = "malformed JSON: " + json.getOriginalMessage();
        } else {
            field = null;
            message = "request body is missing or unreadable";
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request body",
                field == null ? message : field + " " + message, "invalid-body");
        if (field != null) {
            problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        }
        return respond(problem);
    }

    @ExceptionHandler({MongoSocketException.class, MongoTimeoutException.class, MongoExecutionTimeoutException.class})
    ResponseEntity<Object> storeUnavailable(RuntimeException e) {
        log.warn("MongoDB unavailable: {}", e.toString());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "Notification store unavailable",
                "the notification store did not answer; try again shortly", "store-unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("unexpected error", e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "unexpected error; see the service log",
                "internal"));
    }

    private static <T extends Throwable> T find(Throwable start, Class<T> type) {
        for (Throwable t = start; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail, String type) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://firedrill.io/problems/" + type));
        return problem;
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
