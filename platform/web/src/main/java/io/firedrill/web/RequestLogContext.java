package io.firedrill.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/** Puts the ids of the path ({@code orderId} → {@code order_id}) into the MDC, so the request's log lines carry them. */
final class RequestLogContext implements HandlerInterceptor {

    private static final Map<String, String> MDC_KEYS = Map.of("orderId", "order_id", "customerId", "customer_id");

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            MDC_KEYS.forEach((variable, key) -> {
                if (variables.get(variable) instanceof String value) {
                    MDC.put(key, value);
                }
            });
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        MDC_KEYS.values().forEach(MDC::remove);
    }
}
