package io.firedrill.web.admin;

import io.firedrill.web.RequestBodyLimitFilter;
import io.firedrill.web.WebProperties;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin side of the management server (its own port, bound to 127.0.0.1 by {@code management.server.address}):
 * the bearer-token gate in front of every admin and actuator write route, and the {@code /admin/settings} route when
 * the service has {@link AdjustableSettings}, one {@code POST /admin/<name>} route per {@link AdminCommand} bean, and
 * {@code GET /admin} listing them. Loaded by the management context only (listed in
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

    /**
     * The service's admin commands (beans of the application context, the management context's parent), each served by
     * its own servlet, with the request body limit of the API ({@code firedrill.web.max-request-body}) in front.
     */
    @Bean
    ServletContextInitializer adminCommands(ApplicationContext context, ObjectProvider<WebProperties> web,
                                            ObjectProvider<JsonMapper> json, ObjectProvider<Validator> validator) {
        List<AdminCommand<?>> commands = commands(context);
        DataSize limit = web.getIfAvailable(() -> new WebProperties(DataSize.ofKilobytes(64), new String[] {"/api/*"}))
                .maxRequestBody();
        return servletContext -> {
            for (AdminCommand<?> command : commands) {
                String path = AdminCommandServlet.path(command);
                servletContext.addServlet("admin-" + command.name(),
                        new AdminCommandServlet<>(command, json.getIfAvailable(JsonMapper::shared), validator.getIfUnique()))
                        .addMapping(path);
                servletContext.addFilter("admin-" + command.name() + "-body-limit",
                        new RequestBodyLimitFilter(limit.toBytes())).addMappingForUrlPatterns(null, true, path);
            }
        };
    }

    @Bean
    ServletRegistrationBean<AdminIndexServlet> adminIndex(ApplicationContext context, ObjectProvider<AdjustableSettings> settings) {
        List<AdminIndexServlet.Route> routes = new ArrayList<>();
        if (settings.getIfUnique() != null) {
            routes.add(new AdminIndexServlet.Route(SettingsServlet.PATH, List.of("GET", "PATCH", "DELETE"),
                    "Runtime settings: GET shows them, PATCH changes the fields it names, DELETE restores the configured values."));
        }
        for (AdminCommand<?> command : commands(context)) {
            routes.add(new AdminIndexServlet.Route(AdminCommandServlet.path(command), List.of("POST"), command.summary()));
        }
        ServletRegistrationBean<AdminIndexServlet> registration =
                new ServletRegistrationBean<>(new AdminIndexServlet(routes), AdminIndexServlet.PATH);
        registration.setName("adminIndex");
        return registration;
    }

    private static List<AdminCommand<?>> commands(ApplicationContext context) {
        List<AdminCommand<?>> commands = new ArrayList<>();
        BeanFactoryUtils.beansOfTypeIncludingAncestors(context, AdminCommand.class).values()
                .forEach(command -> commands.add((AdminCommand<?>) command));
        commands.sort(Comparator.comparing(AdminCommand::name));
        return commands;
    }

    private static final AdjustableSettings NO_SETTINGS = new AdjustableSettings() {
        @Override public java.util.Set<String> fields() { return java.util.Set.of(); }
        @Override public java.util.Map<String, Object> view() { return java.util.Map.of(); }
        @Override public java.util.Map<String, Object> change(SettingsChange change) { return view(); }
        @Override public java.util.Map<String, Object> reset() { return view(); }
    };
}
