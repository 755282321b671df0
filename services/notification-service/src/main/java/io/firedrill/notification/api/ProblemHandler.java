package io.firedrill.notification.api;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.firedrill.web.ApiProblems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The shared problems ({@link ApiProblems}) plus notification's own: MongoDB unreachable → 503 with Retry-After. */
@RestControllerAdvice
class ProblemHandler extends ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler({MongoSocketException.class, MongoTimeoutException.class, MongoExecutionTimeoutException.class})
    ResponseEntity<Object> storeUnavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("MongoDB unavailable: {}", e.toString());
        return unavailable("store-unavailable", "Notification store unavailable",
                "the notification store did not answer; try again shortly", 5, request);
    }
}
