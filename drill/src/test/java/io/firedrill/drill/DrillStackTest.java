package io.firedrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.drill.client.DrillClient;
import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import io.firedrill.drill.responder.ReferenceResponder;
import io.firedrill.traffic.testing.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * `make drill` on the real stack and services, through the CLI and the host's HTTP API as a player uses them: the oversell
 * drill played by the reference responder reaches verified mitigation and writes its reports (the HTML opened by headless
 * Chromium); a no-fault control left alone scores full marks and one "fixed" anyway is penalised and restored; an abort
 * and a kill -9 of the host mid-drill both restore every setting the fault changed. Run it under the stack lock.
 */
class DrillStackTest extends DrillsOnTheStack {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void oversellDrillPlayedByTheReferenceResponderReachesVerifiedMitigationAndWritesTheReports() throws Exception {
        assertThat(DrillCli.execute("start", "--scenario", "oversell", "--time-limit", "6m", "--player", "reference", "--seed", "7")).isZero();
        DrillFiles.HostInfo host = files.host().orElseThrow();
        assertThat(status(host, "wrong-token")).isEqualTo(401);
        assertThat(status(host, token)).isEqualTo(200);

        ReferenceResponder.Result result = new ReferenceResponder(new DrillClient(host.port(), token), stack.layout().projectRoot(), System.out)
                .respond(Duration.ofMinutes(7));
        DrillRecord drill = awaitFinished(host.id(), Duration.ofMinutes(8));

        assertThat(drill.outcome).as(drill.reason).isEqualTo(DrillRecord.Outcome.mitigated);
        assertThat(result.runbook()).isEqualTo("oversell.md");
        assertThat(result.diagnosis()).isEqualTo("inventory.confirm-guard-off");
        assertThat(drill.pages).anySatisfy(p -> {
            assertThat(p.alert()).isEqualTo("InventoryOversold");
            assertThat(p.status()).isEqualTo("firing");
        });
        assertThat(drill.pages).anyMatch(p -> p.alert().equals("InventoryOversold") && p.status().equals("resolved"));
        assertThat(drill.tta()).isNotNull().isBetween(0.0, 60.0);
        assertThat(drill.ttd()).isNotNull().isPositive();
        assertThat(drill.ttm()).isNotNull().isGreaterThan(drill.ttd());
        assertThat(drill.wrongDiagnoses()).isZero();
        assertThat(drill.commands).extracting(DrillRecord.CommandRun::ref)
                .contains("runbooks/oversell.md#diagnosis", "runbooks/oversell.md#mitigation");
        assertThat(drill.commands).allSatisfy(c -> assertThat(c.exitCode()).as(c.command() + "\n" + c.output()).isZero());
        assertThat(drill.worstProbeValues).as("the oversell was measured").containsKey("no oversold units anywhere");
        assertThat(drill.rollbacksDone).isTrue();
        assertThat(drill.score.score()).isBetween(50, 100);
        assertThat(drill.timeline).extracting(DrillRecord.Event::kind)
                .containsSubsequence("fault-on", "page", "ack", "command", "diagnosis", "command", "alert-resolved", "mitigation-verified", "fault-off");

        Path dir = files.dir(drill.id);
        assertThat(DrillFiles.JSON.readTree(dir.resolve("report.json").toFile()).path("outcome").asText()).isEqualTo("mitigated");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## Score card").contains("mitigation-verified")
                .contains("## Root cause").contains("confirm guard off").contains("## Action items");
        String dom = HeadlessChromium.dumpDom(dir.resolve("report.html"));
        Matcher rows = Pattern.compile("data-timeline-rows=\"(\\d+)\"").matcher(dom);
        assertThat(rows.find()).as("the report's script ran in Chromium").isTrue();
        assertThat(Integer.parseInt(rows.group(1))).isEqualTo(drill.timeline.size());
        assertThat(dom).contains("id=\"score\"").contains("mitigation-verified").contains("Postmortem (draft, blameless)");
        assertThat(Files.readString(files.drills().resolve("index.html"))).contains(drill.id + "/report.html");
        assertConfiguredSettings();
    }

    @Test
    void aNoFaultControlLeftAloneScoresFullMarksAndOneFixedAnywayIsPenalisedAndRestored() throws Exception {
        assertThat(DrillCli.execute("start", "--scenario", "control", "--time-limit", "30s", "--player", "calm")).isZero();
        DrillFiles.HostInfo calm = files.host().orElseThrow();
        DrillClient client = new DrillClient(calm.port(), token);
        client.run("runbooks/oversell.md#diagnosis"); // looking is fine
        DrillRecord leftAlone = awaitFinished(calm.id(), Duration.ofMinutes(8));
        assertThat(leftAlone.outcome).isEqualTo(DrillRecord.Outcome.control_completed);
        assertThat(leftAlone.score.score()).isEqualTo(100);
        assertThat(leftAlone.score.falsePositives()).isZero();

        assertThat(DrillCli.execute("start", "--scenario", "control", "--time-limit", "30s", "--player", "eager")).isZero();
        DrillFiles.HostInfo eager = files.host().orElseThrow();
        new DrillClient(eager.port(), token).run("runbooks/oversell.md#mitigation");
        DrillRecord fixed = awaitFinished(eager.id(), Duration.ofMinutes(8));
        assertThat(fixed.score.falsePositives()).isEqualTo(2);
        assertThat(fixed.score.score()).isZero();
        assertThat(fixed.rollbacks).isNotEmpty().allSatisfy(r -> assertThat(r.succeeded()).as(r.name()).isTrue());
        assertConfiguredSettings();
    }

    @Test
    void abortMidDrillRestoresEverySetting() throws Exception {
        assertThat(DrillCli.execute("start", "--scenario", "oversell", "--time-limit", "5m", "--player", "quitter")).isZero();
        String id = files.host().orElseThrow().id();
        assertThat(settings(17202).path("confirmGuard").asBoolean()).as("the fault is on").isFalse();
        assertThat(settings(17201).path("reservationTtlSeconds").asInt()).isEqualTo(1);
        assertThat(DrillCli.execute("start", "--scenario", "control")).as("a second drill is refused").isEqualTo(1);

        assertThat(DrillCli.execute("abort")).isZero();
        DrillRecord drill = files.load(id);
        assertThat(drill.outcome).isEqualTo(DrillRecord.Outcome.aborted);
        assertThat(drill.rollbacksDone).isTrue();
        assertThat(Files.readString(files.dir(id).resolve("report.md"))).contains("**aborted**");
        assertConfiguredSettings();
    }

    @Test
    void aKilledHostsRollbacksAreFinishedByTheNextStatus() throws Exception {
        assertThat(DrillCli.execute("start", "--scenario", "oversell", "--time-limit", "5m", "--player", "crash")).isZero();
        DrillFiles.HostInfo host = files.host().orElseThrow();
        assertThat(settings(17202).path("confirmGuard").asBoolean()).isFalse();
        ProcessHandle process = ProcessHandle.of(host.pid()).orElseThrow();
        new ProcessBuilder("kill", "-9", Long.toString(host.pid())).start().waitFor();
        process.onExit().get(30, TimeUnit.SECONDS);
        assertThat(settings(17202).path("confirmGuard").asBoolean()).as("nothing ran the rollbacks yet").isFalse();

        assertThat(DrillCli.execute("status")).isZero();
        DrillRecord drill = files.load(host.id());
        assertThat(drill.outcome).isEqualTo(DrillRecord.Outcome.aborted);
        assertThat(drill.reason).contains("died");
        assertThat(drill.rollbacksDone).isTrue();
        assertThat(files.host()).isEmpty();
        assertConfiguredSettings();
    }

    // ---- helpers ----

    private int status(DrillFiles.HostInfo host, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + "/api/drill"))
                .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** A service's runtime settings (management port of the default block moved to this stack's block). */
    private JsonNode settings(int defaultBlockPort) throws Exception {
        int port = stack.layout().ports().base() + defaultBlockPort - 17000;
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/settings"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return DrillFiles.JSON.readTree(response.body());
    }

    /** The settings the oversell fault changes are back to the configured ones. */
    private void assertConfiguredSettings() throws Exception {
        assertThat(settings(17202).path("confirmGuard").asBoolean()).as("confirm guard").isTrue();
        assertThat(settings(17201).path("reservationTtlSeconds").asInt()).as("reservation TTL").isEqualTo(30);
        int port = stack.layout().ports().base() + 203;
        HttpResponse<String> assaults = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/chaosmonkey/assaults"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(DrillFiles.JSON.readTree(assaults.body()).path("latencyActive").asBoolean()).as("payment latency assault").isFalse();
    }
}
