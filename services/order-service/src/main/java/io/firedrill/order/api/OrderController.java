package io.firedrill.order.api;

import io.firedrill.order.checkout.CheckoutService;
import io.firedrill.order.persistence.OrderReadModel;
import io.firedrill.order.saga.CancelOutcome;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The checkout API: place, read, list and cancel orders. Errors are RFC 9457 problems ({@link ProblemHandler}). */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "orders", description = "Checkout and order lookup")
class OrderController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    /** The primary's GTID position after a checkout; sent back on reads, it makes them read-your-writes. */
    static final String READ_AFTER_GTID = "Read-After-Gtid";
    /** Which database answered a read: {@code replica} or {@code primary}. */
    static final String READ_SOURCE = "Read-Source";
    private static final String READ_AFTER_GTID_DOC = "The Read-After-Gtid header of your last checkout's response: "
            + "with bounded consistency the read then sees that write";
    private static final String GTID_MESSAGE = "must be a GTID position such as 0-1-42";
    private static final String GTID_PATTERN = "\\d{1,10}-\\d{1,10}-\\d{1,20}(,\\d{1,10}-\\d{1,10}-\\d{1,20}){0,15}";

    private final CheckoutService checkout;
    private final OrderReadModel readModel;

    OrderController(CheckoutService checkout, OrderReadModel readModel) {
        this.checkout = checkout;
        this.readModel = readModel;
    }

    @PostMapping(path = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Place an order: prices the lines, stores the order and starts the checkout saga",
            responses = {
                @ApiResponse(responseCode = "202", description = "Accepted; the saga runs asynchronously. Also returned "
                        + "when an Idempotency-Key replays an earlier identical request (header Idempotent-Replayed: true)"),
                @ApiResponse(responseCode = "400", description = "Malformed JSON, missing field, wrong type or bound"),
                @ApiResponse(responseCode = "413", description = "Body larger than 64 KB"),
                @ApiResponse(responseCode = "409", description = "A SKU is sold out (problem type out-of-stock, reason "
                        + "OUT_OF_STOCK, property sku); no order was created"),
                @ApiResponse(responseCode = "422", description = "Unknown SKU, or Idempotency-Key reused with another body"),
                @ApiResponse(responseCode = "503", description = "Too many checkouts in progress (problem type overloaded: "
                        + "refused before any work, no order created), or inventory catalog or order store unavailable; "
                        + "retry after Retry-After seconds")})
    ResponseEntity<OrderViews.Accepted> place(
            @Valid @RequestBody PlaceOrderRequest request,
            @Parameter(description = "Makes retries safe: the same key and body return the same order")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
            @Pattern(regexp = "[\\x21-\\x7E]{1,128}", message = "must be 1..128 visible ASCII characters") String idempotencyKey) {
        try (MDC.MDCCloseable t = MDC.putCloseable("tenant_region", request.tenantRegion())) {
            CheckoutService.Placed placed = checkout.place(request.toCommand(), idempotencyKey);
            UUID orderId = placed.order().id();
            MDC.put("order_id", orderId.toString());
            ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(URI.create("/api/orders/" + orderId));
            if (placed.replayed()) {
                response.header(IDEMPOTENT_REPLAYED, "true");
            }
            response.header(READ_AFTER_GTID, readModel.writePosition());
            return response.body(OrderViews.Accepted.of(orderId, placed.order().status().name()));
        } finally {
            MDC.remove("order_id");
        }
    }

    @GetMapping("/orders/{orderId}")
    @Operation(summary = "An order with its lines and saga state (read from the replica when it is fresh enough)",
            responses = {@ApiResponse(responseCode = "200", description = "The order. While its checkout is in flight "
                    + "(status PENDING, RESERVED or PAID: not final) a Retry-After header (1-5 s) says when to look again"),
                    @ApiResponse(responseCode = "404", description = "Unknown order id")})
    ResponseEntity<OrderViews.Order> get(@PathVariable UUID orderId,
                         @Parameter(description = READ_AFTER_GTID_DOC) @RequestHeader(name = READ_AFTER_GTID, required = false)
                         @Pattern(regexp = GTID_PATTERN, message = GTID_MESSAGE) String readAfterGtid) {
        OrderReadModel.Details order = readModel.find(orderId, readAfterGtid).orElseThrow(() -> new OrderNotFoundException(orderId));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(READ_SOURCE, order.source());
        InFlightHint.retryAfterSeconds(order.status(), order.saga() == null ? null : order.saga().deadline(), Instant.now())
                .ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        return response.body(OrderViews.Order.of(order));
    }

    @GetMapping("/customers/{customerId}/orders")
    @Operation(summary = "A customer's orders, newest first, paged")
    OrderViews.CustomerOrders byCustomer(@PathVariable UUID customerId,
                                         @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                                         @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
                                         @Parameter(description = READ_AFTER_GTID_DOC) @RequestHeader(name = READ_AFTER_GTID, required = false)
                                         @Pattern(regexp = GTID_PATTERN, message = GTID_MESSAGE) String readAfterGtid) {
        return OrderViews.CustomerOrders.of(customerId, page, size, readModel.byCustomer(customerId, page, size, readAfterGtid));
    }

    @PostMapping("/orders/{orderId}/cancel")
    @Operation(summary = "Cancel an order whose payment is not authorized yet",
            responses = {
                @ApiResponse(responseCode = "202", description = "Cancellation under way (the reservation is released)"),
                @ApiResponse(responseCode = "404", description = "Unknown order id"),
                @ApiResponse(responseCode = "409", description = "Payment already authorized, or the saga ended")})
    ResponseEntity<OrderViews.Accepted> cancel(@PathVariable UUID orderId) {
        try (MDC.MDCCloseable o = MDC.putCloseable("order_id", orderId.toString())) {
            CancelOutcome outcome = checkout.cancel(orderId);
            if (outcome instanceof CancelOutcome.Accepted accepted) {
                return ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(URI.create("/api/orders/" + orderId))
                        .body(OrderViews.Accepted.of(orderId, accepted.status().name()));
            }
            if (outcome instanceof CancelOutcome.Refused refused) {
                throw new OrderNotCancellableException(orderId, "order is " + refused.status() + ", saga "
                        + refused.state() + (refused.step() == null ? "" : " at " + refused.step()));
            }
            throw new OrderNotFoundException(orderId);
        }
    }
}
