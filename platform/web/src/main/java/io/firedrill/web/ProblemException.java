package io.firedrill.web;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses for a reason it can name: thrown anywhere below a controller, answered by
 * {@link ApiProblems} as a problem with this status, a stable {@code code} (also the last segment of its type) and
 * the detail, which should name the id or field at fault.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public ProblemException(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", detail);
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, code, detail);
    }

    public static ProblemException unprocessable(String code, String detail) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, code, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
