package io.firedrill.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The shared web plumbing's settings ({@code firedrill.web.*}).
 *
 * @param maxRequestBody larger request bodies to the API get 413 problem+json
 * @param apiPaths       servlet URL patterns the body limit guards
 */
@ConfigurationProperties("firedrill.web")
public record WebProperties(
        @DefaultValue("64KB") DataSize maxRequestBody,
        @DefaultValue("/api/*") String[] apiPaths) {
}
