package io.firedrill.payment.api;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as RFC 9457 {@code application/problem+json}: 400 for a malformed id, 404 naming the id,
 * Spring's own (405, 415, unknown path) with their statuses, and a 500 without internals for the unexpected.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    static final class NotFound extends RuntimeException {
        NotFound(String detail) {
            super(detail);
        }
    }

    static final class BadRequest extends RuntimeException {
        final String code;

        BadRequest(String code, String detail) {
            super(detail);
            this.code = code;
        }
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), request);
    }

    @ExceptionHandler(BadRequest.class)
    ProblemDetail badRequest(BadRequest e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, e.code, e.getMessage(), request);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "The request could not be processed; see the service log.",
                request);
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setProperty("code", code);
        body.setInstance(URI.create(request.getRequestURI()));
        return body;
    }
}
