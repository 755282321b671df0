package io.firedrill.order.api;

import io.firedrill.order.OrderProperties;
import io.firedrill.order.catalog.CatalogUnavailableException;
import io.firedrill.order.catalog.UnknownSkuException;
import io.firedrill.order.payment.PaymentMethodsUnavailableException;
import io.firedrill.order.payment.UnknownPaymentMethodException;
import io.firedrill.order.checkout.IdempotencyConflictException;
import io.firedrill.order.checkout.OverloadedException;
import io.firedrill.order.checkout.SoldOutException;
import io.firedrill.web.ApiProblems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The shared problems ({@link ApiProblems}: invalid fields, malformed or oversized bodies, Spring's own errors, the
 * unexpected) plus the checkout API's own, each naming what was wrong (SKU, order id, idempotency key).
 */
@RestControllerAdvice
class ProblemHandler extends ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final long retryAfterSeconds;
    private final long overloadRetryAfterSeconds;

    ProblemHandler(OrderProperties properties) {
        this.retryAfterSeconds = Math.max(1, properties.catalog().retryAfter().toSeconds());
        this.overloadRetryAfterSeconds = properties.admission().retryAfterSeconds();
    }

    /** Answered before any work: nothing to log per request (firedrill_checkout_rejected_total counts them). */
    @ExceptionHandler(OverloadedException.class)
    ResponseEntity<Object> overloaded(OverloadedException ex, HttpServletRequest request) {
        return unavailable(OVERLOADED, OVERLOADED_TITLE, OVERLOADED_DETAIL, overloadRetryAfterSeconds, request);
    }

    static final String OVERLOADED = "overloaded";
    static final String OVERLOADED_TITLE = "Too many checkouts in progress";
    static final String OVERLOADED_DETAIL =
            "The shop is at its limit of checkouts in progress; nothing was ordered. Retry after Retry-After seconds.";

    @ExceptionHandler(SoldOutException.class)
    ResponseEntity<Object> soldOut(SoldOutException ex, HttpServletRequest request) {
        return respond(soldOutProblem(ex.sku(), request.getRequestURI()));
    }

    /** The 409 of a sold-out SKU, wherever it is answered (here, or {@link EarlyRefusalFilter} ahead of MVC). */
    static ProblemDetail soldOutProblem(String sku, String instance) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "out-of-stock", "Sold out",
                "SKU " + sku + " is sold out; nothing was ordered.", instance);
        problem.setProperty("reason", "OUT_OF_STOCK");
        problem.setProperty("sku", sku);
        return problem;
    }

    @ExceptionHandler(UnknownSkuException.class)
    ResponseEntity<Object> unknownSku(UnknownSkuException ex, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-sku", "Unknown SKU",
                "SKU " + ex.sku() + " is not in the catalog.", request.getRequestURI());
        problem.setProperty("sku", ex.sku());
        return respond(problem);
    }

    @ExceptionHandler(UnknownPaymentMethodException.class)
    ResponseEntity<Object> unknownPaymentMethod(UnknownPaymentMethodException ex, HttpServletRequest request) {
        return respond(problem(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-payment-method", "Unknown payment method",
                "The payment-method token is not one of this customer's cards at payment-service; tokenize the card "
                        + "(POST /api/payment-methods) and check out with its token.", request.getRequestURI()));
    }

    @ExceptionHandler(PaymentMethodsUnavailableException.class)
    ResponseEntity<Object> paymentMethodsUnavailable(PaymentMethodsUnavailableException ex, HttpServletRequest request) {
        return unavailable("payment-methods-unavailable", "Payment methods unavailable",
                "payment-service cannot confirm the card token right now; retry later.", retryAfterSeconds, request);
    }

    @ExceptionHandler(IdempotencyConflictException.class)
    ResponseEntity<Object> idempotencyConflict(IdempotencyConflictException ex, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                "Idempotency-Key reused with a different request",
                "Idempotency-Key '" + ex.key() + "' was already used for another request (order " + ex.existingOrderId()
                        + "); use a new key for a new checkout.", request.getRequestURI());
        problem.setProperty("orderId", ex.existingOrderId());
        return respond(problem);
    }

    @ExceptionHandler(OrderNotFoundException.class)
    ResponseEntity<Object> notFound(OrderNotFoundException ex, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "order-not-found", "Order not found",
                "Order " + ex.orderId() + " was not found.", request.getRequestURI());
        problem.setProperty("orderId", ex.orderId());
        return respond(problem);
    }

    @ExceptionHandler(OrderNotCancellableException.class)
    ResponseEntity<Object> notCancellable(OrderNotCancellableException ex, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "order-not-cancellable", "Order can no longer be cancelled",
                ex.getMessage() + ".", request.getRequestURI());
        problem.setProperty("orderId", ex.orderId());
        return respond(problem);
    }

    @ExceptionHandler(CatalogUnavailableException.class)
    ResponseEntity<Object> catalogUnavailable(CatalogUnavailableException ex, HttpServletRequest request) {
        return unavailable("catalog-unavailable", "Catalog unavailable",
                "The inventory catalog cannot price the order right now; retry later.", retryAfterSeconds, request);
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Object> database(DataAccessException ex, HttpServletRequest request) {
        log.warn("database unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
        return unavailable("store-unavailable", "Order store unavailable",
                "The order store cannot serve this request right now; retry later.", retryAfterSeconds, request);
    }
}
