package io.firedrill.web.admin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The admin side of the management server (its own port, bound to 127.0.0.1 by {@code management.server.address}):
 * the bearer-token gate in front of every admin and actuator write route, and the {@code /admin/settings} route when
 * the service has {@link AdjustableSettings}. Loaded by the management context only (listed in
 * {@code ManagementContextConfiguration.imports}), so the application port never serves it.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
public class AdminManagementConfiguration {

    /** The token: {@code firedrill.admin.token}, else {@code FIREDRILL_ADMIN_TOKEN} (stack.env or the environment). */
    static String adminToken(Environment environment) {
        return environment.getProperty("firedrill.admin.token", environment.getProperty("FIREDRILL_ADMIN_TOKEN", ""));
    }

    @Bean
    FilterRegistrationBean<AdminTokenFilter> adminTokenFilter(Environment environment) {
        FilterRegistrationBean<AdminTokenFilter> registration = new FilterRegistrationBean<>(new AdminTokenFilter(
                adminToken(environment), environment.getProperty("management.endpoints.web.base-path", "/actuator")));
        registration.addUrlPatterns("/*");
        registration.setName("adminTokenFilter");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    ServletRegistrationBean<SettingsServlet> adminSettingsServlet(ObjectProvider<AdjustableSettings> settings) {
        AdjustableSettings lever = settings.getIfUnique(() -> NO_SETTINGS);
        ServletRegistrationBean<SettingsServlet> registration =
                new ServletRegistrationBean<>(new SettingsServlet(lever), SettingsServlet.PATH);
        registration.setName("adminSettings");
        return registration;
    }

    private static final AdjustableSettings NO_SETTINGS = new AdjustableSettings() {
        @Override public java.util.Set<String> fields() { return java.util.Set.of(); }
        @Override public java.util.Map<String, Object> view() { return java.util.Map.of(); }
        @Override public java.util.Map<String, Object> change(SettingsChange change) { return view(); }
        @Override public java.util.Map<String, Object> reset() { return view(); }
    };
}
