package io.firedrill.chaos.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.chaos.model.Activity;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fault step reads as one line: provider type, method or action, the service it targets, then its arguments. */
class LeverTextTest {

    @Test
    void anHttpLeverNamesTheServiceAndFillsInTheModesVariables() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reaperInterval", "200ms");
        body.put("confirmGuard", "${confirm-guard}");
        Activity step = fault(Map.of("type", "http", "method", "PATCH", "url", "${inventory.admin}/admin/settings",
                "auth", "admin", "body", body));

        assertThat(LeverText.of(step, Map.of("confirm-guard", "false")))
                .isEqualTo("http PATCH inventory-service /admin/settings {confirmGuard: false, reaperInterval: 200ms}");
    }

    @Test
    void otherProvidersReadAsTheirActionAndSortedArguments() {
        assertThat(LeverText.of(fault(Map.of("type", "stack", "action", "replica-delay", "seconds", 8)), Map.of()))
                .isEqualTo("stack replica-delay {seconds: 8}");
        assertThat(LeverText.of(fault(Map.of("type", "stack", "action", "kill", "component", "kafka")), Map.of()))
                .isEqualTo("stack kill {component: kafka}");
        assertThat(LeverText.of(fault(Map.of("type", "signal", "name", "smoke", "value", 1)), Map.of()))
                .isEqualTo("signal {name: smoke, value: 1}");
    }

    @Test
    void aPlaceholderThatIsNoModeVariableStaysAsWritten() {
        Activity step = fault(Map.of("type", "http", "method", "GET", "url", "${FIREDRILL_ALERTMANAGER_URL}/api/v2/alerts"));

        assertThat(LeverText.of(step, Map.of())).isEqualTo("http GET ${FIREDRILL_ALERTMANAGER_URL}/api/v2/alerts");
    }

    private static Activity fault(Map<String, Object> provider) {
        return new Activity("step", "action", provider, null, true, false, null, null, null, false);
    }
}
