package io.firedrill.order.api;

import io.firedrill.order.OrderProperties;
import io.firedrill.order.checkout.CheckoutAdmission;
import io.firedrill.order.checkout.SoldOutException;
import io.firedrill.web.ApiProblems;
import io.firedrill.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses {@code POST /api/orders} before anything else runs on the request (tracing, HTTP metrics, chaos-monkey
 * watchers, JSON binding, validation), with the same problems as {@link ProblemHandler}:
 * <ol>
 *   <li>409 when the order names a SKU known to be sold out. Only read while some SKU is: then the order's SKUs are
 *       parsed here and the body is handed on to the controller unchanged. In a flash sale these are nearly all the
 *       requests, and through the whole MVC stack each cost more CPU than the machine had: with 100 units claimed in
 *       the first second, 3,460 buyers were refused 409 by the controller, but 9,869 of 10,000 timed out first.</li>
 *   <li>503 overloaded while the admission gate is full (9,502 of 10,000 buyers timed out when these went through
 *       MVC). Sold out comes first because it is the final answer (a 503 invites a retry) and because Tomcat closes
 *       the connection after every 503, so each one costs the buyer a new connection.</li>
 * </ol>
 * A request that passes here is still admitted (or refused) by {@link CheckoutAdmission}; this check takes no permit.
 * A keyed request (Idempotency-Key) is never refused as sold out here: it may replay an order placed before.
 */
final class EarlyRefusalFilter extends OncePerRequestFilter {

    static final String PATH = "/api/orders";
    /** Orders this large are left to the controller (and RequestBodyLimitFilter): 50 lines take about 2.5 KB. */
    private static final int MAX_BODY_READ = 16 * 1024;
    private static final JsonMapper JSON = JsonMapper.shared();

    private final CheckoutAdmission admission;
    private final String retryAfter;

    EarlyRefusalFilter(CheckoutAdmission admission, OrderProperties properties) {
        this.admission = admission;
        this.retryAfter = Long.toString(properties.admission().retryAfterSeconds());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && PATH.equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest onward = request;
        long length = request.getContentLengthLong();
        if (admission.mayRefuseSoldOut() && request.getHeader(OrderController.IDEMPOTENCY_KEY) == null
                && length >= 0 && length <= MAX_BODY_READ) {
            byte[] body = request.getInputStream().readNBytes((int) length);
            try {
                admission.requireSellableSkus(skus(body));
            } catch (SoldOutException e) {
                ProblemWriter.write(response, ProblemHandler.soldOutProblem(e.sku(), PATH));
                return;
            }
            onward = new ReadBody(request, body);
        }
        if (admission.gateFull()) {
            admission.refusedOverloaded();
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
            ProblemWriter.write(response, ApiProblems.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemHandler.OVERLOADED,
                    ProblemHandler.OVERLOADED_TITLE, ProblemHandler.OVERLOADED_DETAIL, PATH));
            return;
        }
        chain.doFilter(onward, response);
    }

    /** The SKUs of the order's lines; none when the body is not an order (the controller answers it 400). */
    private static List<String> skus(byte[] body) {
        List<String> skus = new ArrayList<>();
        try {
            for (JsonNode item : JSON.readTree(body).path("items")) {
                if (item.path("sku").isString()) {
                    skus.add(item.path("sku").asString());
                }
            }
        } catch (JacksonException notAnOrder) {
            return List.of();
        }
        return skus;
    }

    /** The request with the body this filter already read, for the controller to read again. */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }
    }
}
