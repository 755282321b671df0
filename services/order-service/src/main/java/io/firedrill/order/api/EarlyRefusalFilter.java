package io.firedrill.order.api;

import io.firedrill.order.OrderProperties;
import io.firedrill.order.checkout.CheckoutAdmission;
import io.firedrill.web.ApiProblems;
import io.firedrill.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses {@code POST /api/orders} with the same 503 problem as {@link ProblemHandler} before anything else runs on the
 * request (tracing, HTTP metrics, chaos-monkey watchers, JSON binding, validation) while the admission gate is already
 * full. In a flash sale the refusals are most of the requests: through the whole MVC stack each cost more than the
 * work it refused, and 9,502 of 10,000 buyers timed out waiting behind them. A request that passes here is still
 * admitted (or refused) by {@link CheckoutAdmission#admit()}; this check only takes no permit.
 */
final class EarlyOverloadFilter extends OncePerRequestFilter {

    static final String PATH = "/api/orders";

    private final CheckoutAdmission admission;
    private final String retryAfter;

    EarlyOverloadFilter(CheckoutAdmission admission, OrderProperties properties) {
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
        if (!admission.refuseEarly()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        ProblemWriter.write(response, ApiProblems.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemHandler.OVERLOADED,
                ProblemHandler.OVERLOADED_TITLE, ProblemHandler.OVERLOADED_DETAIL, PATH));
    }
}
