package io.firedrill.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the shared web plumbing into a servlet service's application port: the request body limit on the API paths,
 * path ids in the log context, a 404 for direct requests to the error path, and {@link ApiProblems} unless the service
 * extends it with errors of its own. Before Spring MVC's auto-configuration, so that Boot's own problem-details handler
 * (registered only when no ResponseEntityExceptionHandler exists) never competes with ours.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(WebProperties.class)
public class WebAutoConfiguration implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RequestLogContext()).addPathPatterns("/api/**");
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(WebProperties properties) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(properties.maxRequestBody().toBytes()));
        registration.addUrlPatterns(properties.apiPaths());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Only for requests (not the container's ERROR forward), so errors still render. */
    @Bean
    FilterRegistrationBean<DirectErrorPathFilter> directErrorPathFilter(@Value("${server.error.path:/error}") String errorPath) {
        FilterRegistrationBean<DirectErrorPathFilter> registration = new FilterRegistrationBean<>(new DirectErrorPathFilter());
        registration.addUrlPatterns(errorPath, errorPath + "/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(ApiProblems.class)
    ApiProblems apiProblems() {
        return new ApiProblems();
    }
}
