package io.firedrill.shipment.api;

import io.firedrill.shipment.storage.LabelStoreUnavailable;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problems for every error: Spring's handler covers malformed input (400), unknown paths (404),
 * wrong methods (405), ...; this adds the service's own cases and a last-resort 500 without a stack trace.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ShipmentNotFound.class)
    ResponseEntity<ProblemDetail> notFound(ShipmentNotFound e) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), "not-found");
        problem.setProperty("orderId", e.orderId());
        return respond(problem, new HttpHeaders());
    }

    @ExceptionHandler(LabelStoreUnavailable.class)
    ResponseEntity<ProblemDetail> storeUnavailable(LabelStoreUnavailable e) {
        log.warn("label store unavailable: {}", e.getMessage());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, "Label store unavailable",
                "the label store did not answer; try again shortly", "label-store-unavailable"), headers);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "unexpected error; see the service log", "internal"), new HttpHeaders());
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail, String type) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://firedrill.io/problems/" + type));
        return problem;
    }

    /** Always problem+json, even when the client asked for the label's image type. */
    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
