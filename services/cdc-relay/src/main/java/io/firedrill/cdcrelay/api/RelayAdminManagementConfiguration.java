package io.firedrill.cdcrelay.api;

import io.firedrill.cdcrelay.relay.OutboxRelay;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers the admin servlet in the management server's context (its own port, bound to 127.0.0.1 by
 * {@code management.server.address}), so the application port never exposes it.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
public class RelayAdminManagementConfiguration {

    @Bean
    ServletRegistrationBean<RelayAdminServlet> relayAdminServlet(OutboxRelay relay) {
        ServletRegistrationBean<RelayAdminServlet> registration =
                new ServletRegistrationBean<>(new RelayAdminServlet(relay), RelayAdminServlet.PATH, RelayAdminServlet.PATH + "/*");
        registration.setName("relayAdmin");
        return registration;
    }
}
