package io.firedrill.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which management routes the gate guards, and which tokens it accepts. */
class AdminTokenFilterTest {

    private final AdminTokenFilter gate = new AdminTokenFilter("s3cret-token", "/actuator");

    @Test
    void guardsAdminRoutesAndActuatorWritesButLeavesHealthAndTheScrapeOpen() {
        assertThat(gate.guarded("GET", "/admin/settings")).isTrue();
        assertThat(gate.guarded("PATCH", "/admin/settings")).isTrue();
        assertThat(gate.guarded("POST", "/actuator/chaosmonkey/assaults")).isTrue();
        assertThat(gate.guarded("GET", "/actuator/chaosmonkey/assaults")).isTrue();
        assertThat(gate.guarded("POST", "/actuator/dlq/order.events.dlq")).isTrue();
        assertThat(gate.guarded("POST", "/actuator/health")).isTrue();
        assertThat(gate.guarded("GET", "/actuator/env")).isTrue();

        assertThat(gate.guarded("GET", "/actuator/health/readiness")).isFalse();
        assertThat(gate.guarded("GET", "/actuator/prometheus")).isFalse();
        assertThat(gate.guarded("HEAD", "/actuator/info")).isFalse();
        assertThat(gate.guarded("GET", "/actuator/metrics/jvm.memory.used")).isFalse();
        assertThat(gate.guarded("POST", "/api/orders")).isFalse();
        assertThat(gate.guarded("GET", "/administrator")).isFalse();
    }

    @Test
    void acceptsOnlyTheConfiguredBearerToken() {
        assertThat(gate.deny("Bearer s3cret-token")).isNull();
        assertThat(gate.deny("bearer s3cret-token ")).isNull();
        assertThat(gate.deny(null)).contains("Authorization: Bearer");
        assertThat(gate.deny("Basic czNjcmV0")).contains("Authorization: Bearer");
        assertThat(gate.deny("Bearer s3cret-tokem")).contains("not this stack's admin token");
        assertThat(gate.deny("Bearer ")).contains("not this stack's admin token");
    }

    @Test
    void withoutAConfiguredTokenEverythingGuardedStaysClosed() {
        AdminTokenFilter unconfigured = new AdminTokenFilter(" ", "/actuator");
        assertThat(unconfigured.deny("Bearer ")).contains("No admin token is configured");
        assertThat(unconfigured.deny("Bearer anything")).contains("No admin token is configured");
    }
}
