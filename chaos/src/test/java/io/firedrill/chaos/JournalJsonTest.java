package io.firedrill.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.chaos.report.Reports;
import io.firedrill.chaos.runner.Journal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The outcomes are enums in the code and the same strings as before in journal.json (Chaos Toolkit's journal words). */
class JournalJsonTest {

    @Test
    void outcomesAreWrittenAsTheirChaosToolkitWords() throws Exception {
        Journal journal = new Journal();
        journal.status = Journal.Status.completed;
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        journal.run.add(new Journal.ActivityRun("probe", "probe", "http", at, at, 0, Journal.Outcome.succeeded, 1, null, true));
        journal.run.add(new Journal.ActivityRun("action", "action", "http", at, at, 0, Journal.Outcome.failed, null, "boom", null));

        JsonNode json = Reports.JSON.readTree(Reports.JSON.writeValueAsString(journal));

        assertThat(json.path("status").asText()).isEqualTo("completed");
        assertThat(json.path("run").get(0).path("status").asText()).isEqualTo("succeeded");
        assertThat(json.path("run").get(1).path("status").asText()).isEqualTo("failed");
        assertThat(json.path("run").get(0).has("succeeded")).as("no derived property in the journal").isFalse();
    }

    @Test
    void anOutcomeFollowsWhetherTheActivitySucceeded() {
        assertThat(Journal.Outcome.of(true)).isEqualTo(Journal.Outcome.succeeded);
        assertThat(Journal.Outcome.of(false)).isEqualTo(Journal.Outcome.failed);
    }
}
