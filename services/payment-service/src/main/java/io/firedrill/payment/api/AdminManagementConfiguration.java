package io.firedrill.payment.api;

import io.firedrill.payment.PaymentSettings;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link SettingsServlet} in the management server's context (its own port, bound to 127.0.0.1 by
 * {@code management.server.address}), so the application port never serves it.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
public class AdminManagementConfiguration {

    @Bean
    ServletRegistrationBean<SettingsServlet> paymentSettingsServlet(PaymentSettings settings, AdminAccess access) {
        ServletRegistrationBean<SettingsServlet> registration =
                new ServletRegistrationBean<>(new SettingsServlet(settings, access), SettingsServlet.PATH);
        registration.setName("paymentSettings");
        return registration;
    }
}
