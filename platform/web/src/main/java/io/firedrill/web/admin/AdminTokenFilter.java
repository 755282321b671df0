package io.firedrill.web.admin;

import io.firedrill.web.ApiProblems;
import io.firedrill.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The management port's gate. Open to anyone who reaches 127.0.0.1: reading health, info, metrics and the Prometheus scrape.
 * Everything else there (runtime settings, chaos-monkey assaults, DLQ replay, any actuator write) needs
 * {@code Authorization: Bearer <token>} with the stack's admin token ({@code .firedrill/admin-token}) and a request
 * that arrived on a loopback address; otherwise 401 (403 off loopback) as problem+json. With no token configured
 * every guarded route is refused: never open by default.
 */
final class AdminTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AdminTokenFilter.class);
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");
    private static final String BEARER = "Bearer ";

    private final byte[] token;
    private final String managementBase;

    AdminTokenFilter(String token, String managementBase) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
        this.managementBase = managementBase.endsWith("/") ? managementBase.substring(0, managementBase.length() - 1)
                : managementBase;
    }

    /** Whether the route is admin (guarded); public reads and anything outside actuator/admin pass untouched. */
    boolean guarded(String method, String path) {
        boolean admin = path.equals("/admin") || path.startsWith("/admin/");
        boolean actuator = path.equals(managementBase) || path.startsWith(managementBase + "/");
        if (!admin && !actuator) {
            return false;
        }
        if (actuator && READ_METHODS.contains(method)) {
            String endpoint = path.substring(managementBase.length());
            return !(endpoint.isEmpty() || endpoint.equals("/") || endpoint.equals("/prometheus") || endpoint.equals("/info")
                    || endpoint.equals("/metrics") || endpoint.startsWith("/metrics/")
                    || endpoint.equals("/health") || endpoint.startsWith("/health/"));
        }
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!guarded(request.getMethod(), path)) {
            chain.doFilter(request, response);
            return;
        }
        if (!loopback(request.getLocalAddr())) {
            refuse(request, response, HttpStatus.FORBIDDEN, "admin-not-local",
                    "Admin endpoints answer on the loopback interface only.");
            return;
        }
        String denied = deny(request.getHeader("Authorization"));
        if (denied != null) {
            log.warn("admin request refused: {} {} from {}: {}", request.getMethod(), path, request.getRemoteAddr(), denied);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"firedrill-admin\"");
            refuse(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", denied);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Null when the header carries the token, else why not. */
    String deny(String authorization) {
        if (token == null) {
            return "No admin token is configured for this service (FIREDRILL_ADMIN_TOKEN, written by `make up` to "
                    + ".firedrill/admin-token); admin endpoints stay closed.";
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "Send Authorization: Bearer <token> (the token is in .firedrill/admin-token).";
        }
        byte[] offered = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, offered) ? null : "The bearer token is not this stack's admin token.";
    }

    private static boolean loopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
                               String detail) throws IOException {
        ProblemWriter.write(response, ApiProblems.problem(status, code, status.getReasonPhrase(), detail,
                request.getRequestURI()));
    }
}
