package io.firedrill.order.api;

import io.firedrill.order.OrderProperties;
import io.firedrill.order.checkout.CheckoutAdmission;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts {@link EarlyOverloadFilter} first in the chain, ahead of the tracing and metrics filters. */
@Configuration(proxyBeanMethods = false)
class EarlyOverloadFilterConfiguration {

    @Bean
    FilterRegistrationBean<EarlyOverloadFilter> earlyOverloadFilter(CheckoutAdmission admission, OrderProperties properties) {
        FilterRegistrationBean<EarlyOverloadFilter> registration =
                new FilterRegistrationBean<>(new EarlyOverloadFilter(admission, properties));
        registration.addUrlPatterns(EarlyOverloadFilter.PATH);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
