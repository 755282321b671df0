package io.firedrill.payment.api;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Defaults of the admin side; a bean of the same type elsewhere replaces each. */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AdminAccess adminAccess() {
        return AdminAccess.open();
    }
}
