package io.firedrill.order.api;

import io.firedrill.order.OrderProperties;
import io.firedrill.order.checkout.CheckoutAdmission;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts {@link EarlyRefusalFilter} first in the chain, ahead of the tracing and metrics filters. */
@Configuration(proxyBeanMethods = false)
class EarlyRefusalFilterConfiguration {

    @Bean
    FilterRegistrationBean<EarlyRefusalFilter> earlyRefusalFilter(CheckoutAdmission admission, OrderProperties properties) {
        FilterRegistrationBean<EarlyRefusalFilter> registration =
                new FilterRegistrationBean<>(new EarlyRefusalFilter(admission, properties));
        registration.addUrlPatterns(EarlyRefusalFilter.PATH);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
