package io.firedrill.drill.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import io.firedrill.stack.Ports;
import io.firedrill.stack.Stack;
import io.firedrill.stack.StackLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The responder API on its own (no stack, the drill's record set by hand): the token, bad input as problem+json,
 * actions that do not fit the drill's state, the truth kept from a blind player, and hints and diagnoses as scored.
 */
class HostApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DrillRecord drill;
    private DrillFiles files;
    private HostServer server;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        Stack stack = new Stack(new StackLayout(StackLayout.locateProjectRoot(Path.of("")), dir.resolve("home"), new Ports(Ports.DEFAULT_BASE)), out);
        files = DrillFiles.under(dir.resolve("home"));
        drill = new DrillRecord();
        drill.id = "t";
        drill.player = "ann";
        drill.scenario = "oversell";
        drill.startedAt = Instant.now();
        drill.timeLimit = "20m";
        drill.truth = new DrillRecord.Truth("oversell", "Oversell", "the guard was off", List.of("inventory.confirm-guard-off"),
                List.of("inventory-service"), "runbooks/oversell.md", "runbooks/oversell.md#mitigation");
        server = new HostServer(new DrillEngine(stack, files, drill, out, 1), "secret");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aWrongOrMissingTokenIs401() throws Exception {
        assertThat(call("GET", "/api/drill", null, "nope").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/drill", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/drill", null, "secret").statusCode()).isEqualTo(200);
    }

    @Test
    void badInputIsA4xxProblem() throws Exception {
        drill.phase = DrillRecord.Phase.running;
        HttpResponse<String> notJson = call("POST", "/api/drill/diagnose", "{not json", "secret");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(call("POST", "/api/drill/diagnose", "{}", "secret").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/drill/diagnose", "{\"id\": \"DROP TABLE\"}", "secret").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/drill/run", "{\"ref\": \"runbooks/alerts.md#inventoryoversold\"}", "secret").body())
                .contains("no ```bash runnable block");
        assertThat(call("GET", "/api/drill/ack", null, "secret").statusCode()).isEqualTo(405);
        assertThat(call("GET", "/api/drill/nope", null, "secret").statusCode()).isEqualTo(404);
    }

    @Test
    void actionsThatDoNotFitTheStateAre409AndTheTruthIsForTheGameMaster() throws Exception {
        assertThat(call("POST", "/api/drill/hint", "{}", "secret").statusCode()).as("still starting").isEqualTo(409);
        drill.phase = DrillRecord.Phase.running;
        assertThat(call("POST", "/api/drill/ack", "{}", "secret").statusCode()).as("nothing paged").isEqualTo(409);
        assertThat(call("GET", "/api/drill/truth", null, "secret").statusCode()).isEqualTo(403);
        assertThat(json(call("GET", "/api/drill", null, "secret")).path("scenario").asText()).isEqualTo("(hidden)");
        assertThat(call("POST", "/api/drill/second-fault", "{\"scenario\": \"replica-lag\"}", "secret").statusCode()).isEqualTo(403);
        drill.gameMaster = true;
        assertThat(json(call("GET", "/api/drill/truth", null, "secret")).path("diagnosis").get(0).asText()).isEqualTo("inventory.confirm-guard-off");
    }

    @Test
    void hintsAreProgressiveAndDiagnosesAreJudgedAgainstTheTruth() throws Exception {
        drill.phase = DrillRecord.Phase.running;
        JsonNode first = json(call("POST", "/api/drill/hint", "{}", "secret"));
        JsonNode second = json(call("POST", "/api/drill/hint", "{}", "secret"));
        assertThat(first.path("hint").asText()).contains("inventory-service");
        assertThat(second.path("hint").asText()).contains("runbooks/oversell.md");
        assertThat(second.path("hintsUsed").asInt()).isEqualTo(2);
        assertThat(json(call("POST", "/api/drill/diagnose", "{\"id\": \"payment.provider-down\"}", "secret")).path("correct").asBoolean()).isFalse();
        assertThat(json(call("POST", "/api/drill/diagnose", "{\"id\": \"inventory.confirm-guard-off\"}", "secret")).path("correct").asBoolean()).isTrue();
        DrillRecord saved = files.load("t");
        assertThat(saved.hints).hasSize(2);
        assertThat(saved.wrongDiagnoses()).isEqualTo(1);
        assertThat(saved.correctDiagnosisAt).isNotNull();
        assertThat(saved.timeline).extracting(DrillRecord.Event::kind).containsExactly("hint", "hint", "diagnosis", "diagnosis");
    }

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return DrillFiles.JSON.readTree(response.body());
    }
}
