package io.firedrill.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ObservabilityDefaultsTest {

    @Test
    void exportsToTheStacksZipkinAsTheApplicationNamedService() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("stack.env", Map.of(
                "spring.application.name", "payment-service",
                "FIREDRILL_ZIPKIN_URL", "http://127.0.0.1:18411")));

        new ObservabilityDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("otel.exporter.zipkin.endpoint")).isEqualTo("http://127.0.0.1:18411/api/v2/spans");
        assertThat(environment.getProperty("otel.traces.exporter")).isEqualTo("zipkin");
        assertThat(environment.getProperty("otel.service.name")).isEqualTo("payment-service");
        assertThat(environment.getProperty("otel.traces.sampler")).isEqualTo("parentbased_traceidratio");
        assertThat(environment.getProperty("otel.traces.sampler.arg")).as("production head sampling").isEqualTo("0.1");
        assertThat(environment.getProperty("otel.metrics.exporter")).isEqualTo("none");
        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
    }

    @Test
    void anythingTheApplicationSetsWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application", Map.of(
                "otel.sdk.disabled", "true", "otel.traces.sampler.arg", "0.5", "logging.structured.format.console", "logstash")));

        new ObservabilityDefaults().postProcessEnvironment(environment, new SpringApplication());
        new ObservabilityDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("otel.sdk.disabled")).isEqualTo("true");
        assertThat(environment.getProperty("otel.traces.sampler.arg")).isEqualTo("0.5");
        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
        assertThat(environment.getPropertySources().stream().filter(s -> s.getName().equals(ObservabilityDefaults.SOURCE_NAME)))
                .as("added once").hasSize(1);
    }
}
