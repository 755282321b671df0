package io.firedrill.chaos.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.chaos.ChaosCli;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.deploy.ChartRenderer;
import io.firedrill.deploy.ManifestValidator;
import io.firedrill.stack.StackLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Chaos Mesh export of the real scenario files: every resource it writes validates against its schema (Chaos Mesh's
 * vendored CRD subset, fabric8's Job and CronJob), each lever becomes the resource of its kind, and what has no
 * equivalent is listed, never half exported.
 */
class ChaosMeshExportTest {

    private final Path root = StackLayout.locateProjectRoot(Path.of(""));
    private final ManifestValidator validator = new ManifestValidator();
    private final ChaosMeshExport export = new ChaosMeshExport(root, ChaosMeshExport.Options.defaults());

    private List<JsonNode> objects(ChaosMeshExport.Result result) {
        return ChartRenderer.parse(result.yaml("test"));
    }

    @Test
    void everyScenarioInEveryModeExportsResourcesThatValidate() {
        for (String name : ScenarioFile.names(root)) {
            ScenarioFile file = ScenarioFile.load(root, name);
            for (String mode : file.scenario().modes().keySet()) {
                ChaosMeshExport.Result result = export.export(file, mode);
                List<JsonNode> objects = objects(result);
                assertThat(objects).as(name + " " + mode).hasSameSizeAs(result.resources());
                assertThat(validator.problems(objects)).as(name + " " + mode).isEmpty();
                ChaosMeshExport.Result nightly = new ChaosMeshExport(root, new ChaosMeshExport.Options("firedrill", "firedrill",
                        "0 3 * * *", Duration.ofSeconds(60), "curlimages/curl", null)).export(file, mode);
                assertThat(validator.problems(objects(nightly))).as(name + " " + mode + " scheduled").isEmpty();
            }
        }
    }

    @Test
    void oversellBecomesASettingsJobAndJvmChaosOnThePaymentProviderAndListsTheFlashSale() {
        ChaosMeshExport.Result result = export.export(ScenarioFile.load(root, "oversell"), "defect");
        List<JsonNode> objects = objects(result);
        assertThat(objects).extracting(o -> o.path("kind").asText()).containsExactly("Job", "JVMChaos", "JVMChaos");
        // chaos-monkey's latency assault on payment-service's watched bean: every public method of the provider.
        assertThat(objects.subList(1, 3)).extracting(o -> o.at("/spec/method").asText()).containsExactly("authorize", "refund");
        JsonNode jvm = objects.get(1);
        assertThat(jvm.at("/spec/class").asText()).isEqualTo("io.firedrill.payment.provider.SimulatedPaymentProvider");
        assertThat(jvm.at("/spec/action").asText()).isEqualTo("latency");
        assertThat(jvm.at("/spec/latency").asInt()).isEqualTo(2500);
        assertThat(jvm.at("/spec/selector/labelSelectors/app.kubernetes.io~1name").asText()).isEqualTo("payment-service");
        String script = objects.get(0).at("/spec/template/spec/containers/0/command/2").asText();
        String method = script.substring(script.indexOf("trap rollback EXIT"));
        assertThat(method).contains(
                "call PATCH 'http://firedrill-inventory-service-management:8081/admin/settings' admin '{\"confirmGuard\":false,\"reaperInterval\":\"200ms\"}'",
                "call PATCH 'http://firedrill-order-service-management:8081/admin/settings' admin '{\"reservationTtlSeconds\":1}'",
                "sleep 60").doesNotContain("chaosmonkey");
        String rollback = script.substring(script.indexOf("rollback() {"), script.indexOf("trap rollback EXIT"));
        assertThat(rollback).contains("call DELETE 'http://firedrill-inventory-service-management:8081/admin/settings' admin",
                "\"latencyActive\":false");
        assertThat(result.skipped()).extracting(ChaosMeshExport.Skipped::step)
                .contains("flash sale, 300 buyers race for 6 units within 5 s",
                        "reconcile oversold stock (book the oversold units as received backorder)");
        assertThat(objects.get(0).at("/spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/name").asText())
                .isEqualTo("firedrill-credentials");
    }

    @Test
    void defendedModeFillsItsOwnVariables() {
        String script = objects(export.export(ScenarioFile.load(root, "oversell"), "defended")).get(0)
                .at("/spec/template/spec/containers/0/command/2").asText();
        assertThat(script).contains("{\"confirmGuard\":true,\"reaperInterval\":\"200ms\"}");
    }

    /** A watched bean that is no class of the service (e.g. made by a factory method) leaves the assault to chaos-monkey. */
    @Test
    void anAssaultWhoseWatchedBeanHasNoClassStaysAChaosMonkeyCall(@TempDir Path otherCheckout) throws Exception {
        Path resources = otherCheckout.resolve("services/payment-service/src/main/resources");
        Files.createDirectories(resources);
        Files.createDirectories(otherCheckout.resolve("services/payment-service/src/main/java"));
        Files.writeString(resources.resolve("application.yml"), "chaos.monkey.watcher.beans: providerFromAFactoryMethod\n");
        ChaosMeshExport.Result result = new ChaosMeshExport(otherCheckout, ChaosMeshExport.Options.defaults())
                .export(ScenarioFile.load(root, "oversell"), "defect");
        List<JsonNode> objects = objects(result);
        assertThat(objects).extracting(o -> o.path("kind").asText()).containsExactly("Job");
        String script = objects.get(0).at("/spec/template/spec/containers/0/command/2").asText();
        assertThat(script.substring(script.indexOf("trap rollback EXIT"))).contains(
                "call POST 'http://firedrill-payment-service-management:8081/actuator/chaosmonkey/assaults' admin "
                        + "'{\"level\":1,\"latencyActive\":true,\"latencyRangeStart\":2500,\"latencyRangeEnd\":2500,\"exceptionsActive\":false}'");
        assertThat(validator.problems(objects)).isEmpty();
    }

    @Test
    void brokerOutageKillsTheBrokerPodsAndListsTheRestart() {
        ChaosMeshExport.Result result = export.export(ScenarioFile.load(root, "broker-outage"), "defect");
        JsonNode kill = objects(result).stream().filter(o -> o.path("kind").asText().equals("PodChaos")).findFirst().orElseThrow();
        assertThat(kill.at("/spec/action").asText()).isEqualTo("pod-kill");
        assertThat(kill.at("/spec/gracePeriod").asInt()).isZero();
        assertThat(kill.at("/spec/selector/labelSelectors/strimzi.io~1cluster").asText()).isEqualTo("firedrill-kafka");
        assertThat(kill.at("/spec/selector/namespaces/0").asText()).isEqualTo("firedrill");
        assertThat(result.skipped()).anySatisfy(s -> {
            assertThat(s.phase()).isEqualTo("rollback");
            assertThat(s.reason()).contains("Kubernetes starts killed pods again");
        });
    }

    @Test
    void replicaLagDelaysWhatTheReplicaSendsToThePrimary() {
        ChaosMeshExport.Result result = export.export(ScenarioFile.load(root, "replica-lag"), "defect");
        JsonNode delay = objects(result).stream().filter(o -> o.path("kind").asText().equals("NetworkChaos")).findFirst().orElseThrow();
        assertThat(delay.at("/spec/delay/latency").asText()).isEqualTo("8s");
        assertThat(delay.at("/spec/selector/pods/firedrill/0").asText()).isEqualTo("firedrill-mariadb-1");
        assertThat(delay.at("/spec/target/selector/pods/firedrill/0").asText()).isEqualTo("firedrill-mariadb-0");
        assertThat(delay.at("/spec/duration").asText()).isEqualTo("60s");
    }

    @Test
    void aLeverWithoutEquivalentIsListedAndNoResourceCarriesIt() {
        ChaosMeshExport.Result result = export.export(ScenarioFile.load(root, "duplicate-delivery"), "defect");
        assertThat(result.skipped()).anySatisfy(s -> assertThat(s.lever()).startsWith("kafka"));
        assertThat(result.resources().toString()).doesNotContain("rewind", "consumer");
        assertThat(result.yaml("x")).contains("# not exported (no Chaos Mesh equivalent):");
        ChaosMeshExport.Result alertPath = export.export(ScenarioFile.load(root, "alert-path"), "defect");
        assertThat(alertPath.skipped()).anySatisfy(s -> assertThat(s.lever()).startsWith("signal"));
        assertThat(alertPath.resources()).allSatisfy(r -> assertThat(r.toString()).doesNotContain("alertmanager"));
    }

    @Test
    void scheduledExportWrapsChaosInSchedulesAndTheJobInACronJob() {
        ChaosMeshExport.Result result = new ChaosMeshExport(root, new ChaosMeshExport.Options("shop", "prod", "0 3 * * *",
                Duration.ofSeconds(45), "curlimages/curl", "shop-secrets")).export(ScenarioFile.load(root, "broker-outage"), "defect");
        List<JsonNode> objects = objects(result);
        assertThat(objects).extracting(o -> o.path("kind").asText()).containsExactly("CronJob", "Schedule");
        JsonNode schedule = objects.get(1);
        assertThat(schedule.at("/spec/schedule").asText()).isEqualTo("0 3 * * *");
        assertThat(schedule.at("/spec/type").asText()).isEqualTo("PodChaos");
        assertThat(schedule.at("/spec/podChaos/selector/labelSelectors/strimzi.io~1cluster").asText()).isEqualTo("shop-kafka");
        JsonNode container = objects.get(0).at("/spec/jobTemplate/spec/template/spec/containers/0");
        assertThat(container.at("/command/2").asText()).contains("sleep 45", "http://shop-order-service-management:8081/");
        assertThat(container.at("/env/0/valueFrom/secretKeyRef/name").asText()).isEqualTo("shop-secrets");
    }

    @Test
    void cliWritesTheFileListsTheSkippedStepsAndExitsZero(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("oversell.yaml");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = ChaosCli.execute("export", "--target", "chaos-mesh", "oversell", "--output", out.toString());
        } finally {
            System.setErr(err);
        }
        assertThat(code).isZero();
        assertThat(validator.problems(ChartRenderer.parse(Files.readString(out)))).isEmpty();
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("not exported", "flash sale");
        assertThat(ChaosCli.execute("export", "--target", "litmus", "oversell")).isEqualTo(2);
        assertThat(ChaosCli.execute("export", "--target", "chaos-mesh", "oversell", "--mode", "nope")).isEqualTo(2);
    }

    @Test
    void everyActionOfEveryScenarioIsExportedOrListed() {
        for (String name : ScenarioFile.names(root)) {
            ScenarioFile file = ScenarioFile.load(root, name);
            ChaosMeshExport.Result result = export.export(file, first(file));
            String script = objects(result).stream().filter(o -> o.path("kind").asText().equals("Job"))
                    .map(o -> o.at("/spec/template/spec/containers/0/command/2").asText()).findFirst().orElse("");
            String methodPart = script.isEmpty() ? "" : script.substring(script.indexOf("trap rollback EXIT"));
            long actions = file.scenario().method().stream()
                    .filter(a -> a.appliesTo(first(file)) && "action".equals(a.type())).count();
            long exportedCalls = methodPart.lines().filter(l -> l.startsWith("call ")).count();
            String prefix = ChaosMeshExport.dnsName(name + "-" + first(file)) + "-";
            long chaos = objects(result).stream().filter(o -> !o.path("kind").asText().equals("Job"))
                    .map(o -> o.at("/metadata/name").asText().substring(prefix.length()).split("-")[0]).distinct().count();
            long listed = result.skipped().stream().filter(s -> s.phase().equals("method") && !s.lever().equals("probe")).count();
            assertThat(exportedCalls + chaos + listed).as(name + ": " + result.skipped().stream().map(Object::toString)
                    .collect(Collectors.joining("; "))).isEqualTo(actions);
        }
    }

    private static String first(ScenarioFile file) {
        return file.scenario().modes().keySet().stream().sorted().findFirst().orElseThrow();
    }
}
