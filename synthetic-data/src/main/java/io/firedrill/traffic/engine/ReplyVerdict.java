package io.firedrill.traffic.engine;

import io.firedrill.traffic.Operation;
import io.firedrill.traffic.Outcome;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * What one reply of the shop (or a failure to get one) means for the run: its {@link Outcome} and the reason counted
 * beside it. A refusal the shop gives for business reasons (declined card, sold out, an order past cancelling) is a
 * business decline, not an error, so that a healthy shop under a flash sale does not read as failing.
 */
record ReplyVerdict(Outcome outcome, String reason) {

    /** The reasons a checkout may legitimately end with; any other cancellation means the saga failed. */
    static final Set<String> BUSINESS_REASONS = Set.of("PAYMENT_DECLINED", "OUT_OF_STOCK");

    static ReplyVerdict of(Operation op, FullHttpResponse response) {
        int status = response.status().code();
        if (status >= 200 && status < 300) {
            return new ReplyVerdict(Outcome.OK, null);
        }
        if (op == Operation.SUPPORT_CANCEL && (status == 409 || status == 422)) {
            return new ReplyVerdict(Outcome.BUSINESS_DECLINE, "NOT_CANCELLABLE");
        }
        if (status >= 400 && status < 500) {
            String business = businessReason(response);
            return business != null ? new ReplyVerdict(Outcome.BUSINESS_DECLINE, business)
                    : new ReplyVerdict(Outcome.CLIENT_ERROR, "http_" + status);
        }
        if (status >= 500) {
            return new ReplyVerdict(Outcome.SERVER_ERROR, "http_" + status);
        }
        return new ReplyVerdict(Outcome.CLIENT_ERROR, "unexpected_http_" + status);
    }

    static ReplyVerdict of(Throwable cause) {
        if (cause instanceof HttpTransport.RequestTimeout || cause instanceof ConnectTimeoutException) {
            return new ReplyVerdict(Outcome.TIMEOUT, "timeout");
        }
        if (cause instanceof ConnectException) {
            return new ReplyVerdict(Outcome.CONNECTION_ERROR, "connect_failed");
        }
        return new ReplyVerdict(Outcome.CONNECTION_ERROR, "io_error");
    }

    /** The business reason a 4xx body names, if any; large bodies are not searched. */
    static String businessReason(FullHttpResponse response) {
        if (response.content().readableBytes() == 0 || response.content().readableBytes() > 64 * 1024) {
            return null;
        }
        String body = response.content().toString(StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        for (String reason : BUSINESS_REASONS) {
            if (body.contains(reason)) {
                return reason;
            }
        }
        return null;
    }
}
