package io.firedrill.shipment.api;

import io.firedrill.shipment.storage.LabelStoreUnavailable;
import io.firedrill.web.ApiProblems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The shared problems ({@link ApiProblems}) plus shipment's own: an unknown shipment (404), the label store down (503). */
@RestControllerAdvice
class ProblemHandler extends ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ShipmentNotFound.class)
    ResponseEntity<Object> notFound(ShipmentNotFound e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), request.getRequestURI());
        problem.setProperty("orderId", e.orderId());
        return respond(problem);
    }

    @ExceptionHandler(LabelStoreUnavailable.class)
    ResponseEntity<Object> storeUnavailable(LabelStoreUnavailable e, HttpServletRequest request) {
        log.warn("label store unavailable: {}", e.getMessage());
        return unavailable("label-store-unavailable", "Label store unavailable",
                "the label store did not answer; try again shortly", 5, request);
    }
}
