package io.firedrill.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * MySQL Connector/J settings for every service's Hikari pool, as the lowest-precedence property source (an
 * application's own configuration overrides any of them).
 *
 * <p>Without them the driver re-parses every SQL string on every {@code prepareStatement} (client-side prepared
 * statements, no cache), asks the server for its session state around each transaction and reads the server
 * configuration on every new connection: bench-saga's profile found a third of order-service's CPU samples in
 * {@code com.mysql.cj}. The statements stay client-side prepared (one round trip each); only their parse is cached.
 */
public final class DatabaseDriverDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "firedrillDatabaseDriverDefaults";
    private static final String PREFIX = "spring.datasource.hikari.data-source-properties.";

    static final Map<String, Object> DEFAULTS = Map.of(
            PREFIX + "cachePrepStmts", "true",
            PREFIX + "prepStmtCacheSize", "256",
            PREFIX + "prepStmtCacheSqlLimit", "2048",
            PREFIX + "useLocalSessionState", "true",
            PREFIX + "elideSetAutoCommits", "true",
            PREFIX + "cacheServerConfiguration", "true",
            PREFIX + "cacheResultSetMetadata", "true",
            PREFIX + "maintainTimeStats", "false");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SOURCE_NAME)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, new LinkedHashMap<>(DEFAULTS)));
        }
    }
}
