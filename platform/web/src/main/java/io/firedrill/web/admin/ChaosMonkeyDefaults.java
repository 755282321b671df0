package io.firedrill.web.admin;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Under the {@code chaos-monkey} profile (the stack starts every service with it), chaos-monkey-spring-boot is
 * loaded, enabled, its actuator endpoint reachable (behind the admin token) and every assault off, so a scenario
 * turns one on through {@code POST /actuator/chaosmonkey/assaults} and its rollback turns it off. Lowest
 * precedence: a service's own {@code chaos.monkey.*} (its watched beans) and the command line win.
 */
public final class ChaosMonkeyDefaults implements EnvironmentPostProcessor, Ordered {

    static final String PROFILE = "chaos-monkey";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!Arrays.asList(environment.getActiveProfiles()).contains(PROFILE)) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("chaos.monkey.enabled", "true");
        defaults.put("chaos.monkey.assaults.level", "1");
        defaults.put("chaos.monkey.assaults.latency-active", "false");
        defaults.put("chaos.monkey.assaults.exceptions-active", "false");
        defaults.put("chaos.monkey.assaults.kill-application-active", "false");
        // Only .access: setting .enabled as well is refused as mutually exclusive (INFRA-NOTES).
        defaults.put("management.endpoint.chaosmonkey.access", "unrestricted");
        environment.getPropertySources().addLast(new MapPropertySource("firedrillChaosMonkeyDefaults", defaults));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the config files, which activate the profiles
    }
}
