package io.firedrill.drill.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.chaos.model.Scenario;
import io.firedrill.drill.model.DrillRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a drill's expected alerts count as over (one half of mitigation detection; the steady state is the other). */
class MitigationDetectionTest {

    private static final Instant FAULT = Instant.parse("2026-12-07T10:00:00Z");
    private static final Scenario.ExpectedAlert LAGGING = new Scenario.ExpectedAlert("CdcRelayLagging", "30s", null, List.of("defect"));
    private static final Scenario.ExpectedAlert DOWN = new Scenario.ExpectedAlert("CdcRelayDown", "30s", "30s", List.of("defect"));

    @Test
    void aQuickMitigationBeforeTheSlowerAlertFiredCountsOnceThePageResolved() {
        var pages = List.of(page(10, "firing", "CdcRelayLagging"), page(16, "resolved", "CdcRelayLagging"));
        assertThat(DrillEngine.expectedAlertsOver(List.of(LAGGING, DOWN), pages, FAULT)).isTrue();
    }

    @Test
    void anAlertThatFiredAndPromisesAResolveMustSendIt() {
        var pages = List.of(page(10, "firing", "CdcRelayLagging"), page(14, "firing", "CdcRelayDown"));
        assertThat(DrillEngine.expectedAlertsOver(List.of(LAGGING, DOWN), pages, FAULT)).isFalse();
        var resolved = List.of(page(10, "firing", "CdcRelayLagging"), page(14, "firing", "CdcRelayDown"), page(40, "resolved", "CdcRelayDown"));
        assertThat(DrillEngine.expectedAlertsOver(List.of(LAGGING, DOWN), resolved, FAULT))
                .as("CdcRelayLagging declares no resolve-within: inhibited, its resolve may never come").isTrue();
    }

    @Test
    void nothingIsOverBeforeAnExpectedAlertFiredAfterTheFault() {
        assertThat(DrillEngine.expectedAlertsOver(List.of(LAGGING, DOWN), List.of(), FAULT)).isFalse();
        var before = List.of(page(-30, "firing", "CdcRelayDown"), page(-5, "resolved", "CdcRelayDown"));
        assertThat(DrillEngine.expectedAlertsOver(List.of(LAGGING, DOWN), before, FAULT)).as("a page of the run before").isFalse();
        assertThat(DrillEngine.expectedAlertsOver(List.of(), List.of(page(10, "firing", "X")), FAULT)).isFalse();
    }

    private static DrillRecord.Page page(int secondsAfterFault, String status, String alert) {
        return new DrillRecord.Page(FAULT.plusSeconds(secondsAfterFault), status, alert, "page", "", "", "");
    }
}
