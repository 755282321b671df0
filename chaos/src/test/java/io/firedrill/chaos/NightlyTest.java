package io.firedrill.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.chaos.report.Reports;
import io.firedrill.chaos.runner.PipelineFloor;
import io.firedrill.stack.Endpoints;
import io.firedrill.stack.junit.FiredrillStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** `make nightly` on the real stack, limited to the alert-path drill (both modes) to keep `make test` short. */
@ExtendWith(FiredrillStackExtension.class)
class NightlyTest {

    @Test
    void nightlyRunsEveryModeAndWritesSummaryJunitAndTimeToDetectBesideTheFloor(@TempDir Path out) throws Exception {
        int exit = ChaosCli.execute("nightly", "--only", "alert-path", "--output", out.toString());

        assertThat(exit).as(() -> "nightly exit; its summary:\n" + readOrNothing(out.resolve("summary.md"))
                + "\njournal of the defect run:\n" + readOrNothing(out.resolve("alert-path-defect/journal.json"))
                + "\njournal of the defended run:\n" + readOrNothing(out.resolve("alert-path-defended/journal.json"))).isZero();
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        assertThat(junit.getDocumentElement().getAttribute("tests")).isEqualTo("2");
        assertThat(junit.getDocumentElement().getAttribute("failures")).isEqualTo("0");
        assertThat(junit.getElementsByTagName("testcase").item(0).getAttributes().getNamedItem("classname").getNodeValue())
                .isEqualTo("chaos.alert-path");

        JsonNode summary = Reports.JSON.readTree(out.resolve("summary.json").toFile());
        JsonNode detection = null;
        for (JsonNode run : summary.path("runs")) {
            if (run.path("mode").asText().equals("defect")) {
                detection = run.path("detections").get(0);
            }
        }
        assertThat(detection.path("alert").asText()).isEqualTo("StackSmokeSignal");
        JsonNode floor = detection.path("floor");
        assertThat(floor.path("groupWaitSeconds").asDouble()).as("group_wait of the smoke route").isPositive();
        assertThat(detection.path("timeToDetectSeconds").isNumber()).as("the page reached the sink").isTrue();
        // Not before the rule's `for`; group_wait is no lower bound: a group Alertmanager still holds from the previous
        // drill is flushed at its next group_interval tick (a full run once saw 0.8 s with group_wait 1 s).
        assertThat(detection.path("timeToDetectSeconds").asDouble()).as("fault to sink")
                .isPositive().isGreaterThanOrEqualTo(floor.path("forSeconds").asDouble()).isLessThan(60);

        assertThat(Files.readString(out.resolve("summary.md"))).contains("| alert-path | defect | StackSmokeSignal |");
        assertThat(Files.readString(out.resolve("index.html"))).contains("alert-path-defect/report.html");
        assertThat(Files.readString(out.resolve("badge.svg"))).contains("passing");
        assertThat(out.resolve("alert-path-defended/journal.json")).exists();
    }

    private static String readOrNothing(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(" + file + " not written: " + e + ")";
        }
    }

    @Test
    void floorIsReadFromTheLiveConfigurationPerAlert(Endpoints endpoints) throws Exception {
        PipelineFloor floor = PipelineFloor.read(endpoints.prometheusUrl(), endpoints.alertmanagerUrl());

        PipelineFloor.Parts smoke = floor.of("StackSmokeSignal");
        assertThat(smoke).isNotNull();
        assertThat(smoke.groupWaitSeconds()).as("the smoke alert's own route").isEqualTo(1.0);
        assertThat(smoke.evaluationSeconds()).isPositive();
        assertThat(smoke.total()).isEqualTo(smoke.scrapeSeconds() + smoke.evaluationSeconds() + smoke.forSeconds() + smoke.groupWaitSeconds());
        assertThat(floor.of("NoSuchAlertAnywhere")).isNull();
    }

    @Test
    void anUnknownScenarioIsAUsageError() {
        assertThat(ChaosCli.execute("nightly", "--only", "no-such-incident")).isEqualTo(2);
    }
}
