package io.firedrill.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator refuses what a cluster (API server or CRD schema) would refuse: it is what makes the chart tests fail. */
class ManifestValidatorTest {

    private final ManifestValidator validator = new ManifestValidator();

    private List<String> problems(String yaml) {
        List<JsonNode> objects = ChartRenderer.parse(yaml);
        assertThat(objects).hasSize(1);
        return validator.problems(objects.get(0));
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: shop}
            spec:
              replicas: 2
              selector: {matchLabels: {app: shop}}
              template:
                metadata: {labels: {app: shop}}
                spec:
                  containers:
                    - name: shop
                      image: shop:1
                      readinessProbe:
                        httpGet: {path: /actuator/health/readiness, port: management}
            """;

    @Test
    void acceptsAValidDeployment() {
        assertThat(problems(DEPLOYMENT)).isEmpty();
    }

    @Test
    void refusesAMisspeltFieldDeepInACoreObject() {
        assertThat(problems(DEPLOYMENT.replace("path: /actuator", "paht: /actuator")))
                .singleElement().asString()
                .contains("Deployment/shop", "unknown field spec.template.spec.containers[0].readinessProbe.httpGet.paht");
        assertThat(problems(DEPLOYMENT.replace("  replicas: 2", "  replica: 2")))
                .singleElement().asString().contains("unknown field spec.replica");
    }

    @Test
    void refusesAStringWhereANumberBelongs() {
        assertThat(problems(DEPLOYMENT.replace("replicas: 2", "replicas: \"2\""))).singleElement().asString()
                .contains("Deployment/shop");
    }

    @Test
    void refusesAnInvalidName() {
        assertThat(problems(DEPLOYMENT.replace("{name: shop}", "{name: Shop_1}"))).singleElement().asString()
                .contains("not a DNS-1123 subdomain");
        assertThat(problems("""
                apiVersion: v1
                kind: Service
                metadata: {name: a-service-name-that-is-much-longer-than-sixty-three-characters-allowed}
                spec: {ports: [{port: 80}]}
                """)).singleElement().asString().contains("DNS-1035 label");
    }

    @Test
    void refusesAnUnknownFieldOfAStrimziResource() {
        String connector = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaConnector
                metadata: {name: outbox, labels: {strimzi.io/cluster: connect}}
                spec:
                  class: io.debezium.connector.mariadb.MariaDbConnector
                  tasksMax: 1
                  config: {database.hostname: db}
                """;
        assertThat(problems(connector)).isEmpty();
        assertThat(problems(connector.replace("tasksMax", "taskMax"))).singleElement().asString()
                .contains("unknown field spec.taskMax");
    }

    @Test
    void refusesAnApiVersionTheModelDoesNotHave() {
        assertThat(problems("""
                apiVersion: kafka.strimzi.io/v1alpha1
                kind: KafkaTopic
                metadata: {name: orders}
                spec: {partitions: 3}
                """)).singleElement().asString().contains("no schema for kafka.strimzi.io/v1alpha1/KafkaTopic");
    }

    @Test
    void refusesAnUnknownFieldOfAPrometheusRule() {
        String rule = """
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: saga}
                spec:
                  groups:
                    - name: saga
                      rules:
                        - alert: InventoryOversold
                          expr: max(firedrill_inventory_oversold_units) > 0
                          labels: {severity: page}
                """;
        assertThat(problems(rule)).isEmpty();
        assertThat(problems(rule.replace("expr:", "expression:"))).anySatisfy(p -> assertThat(p).contains("expression"));
    }

    @Test
    void checksVendoredSchemasOfMariadbOperatorAndChaosMesh() {
        String mariadb = """
                apiVersion: k8s.mariadb.com/v1alpha1
                kind: MariaDB
                metadata: {name: db}
                spec:
                  replicas: 2
                  storage: {size: 1Gi}
                  replication: {enabled: true, replica: {gtid: CurrentPos}}
                """;
        assertThat(problems(mariadb)).isEmpty();
        assertThat(problems(mariadb.replace("enabled: true", "enable: true"))).singleElement().asString()
                .contains("MariaDB/db", "enable");
        assertThat(problems(mariadb.replace("CurrentPos", "Current"))).isNotEmpty();
        String podChaos = """
                apiVersion: chaos-mesh.org/v1alpha1
                kind: PodChaos
                metadata: {name: kill}
                spec:
                  action: pod-kill
                  mode: all
                  selector: {namespaces: [shop], labelSelectors: {app: kafka}}
                """;
        assertThat(problems(podChaos)).isEmpty();
        assertThat(problems(podChaos.replace("pod-kill", "pod-crash"))).isNotEmpty();
        assertThat(problems(podChaos.replace("metadata: {name: kill}", "metadata: {name: kill, label: {a: b}}")))
                .singleElement().asString().contains("unknown field metadata.label");
    }

    @Test
    void refusesAKindItHasNoSchemaFor() {
        assertThat(problems("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """)).singleElement().asString().contains("no schema for example.com/v1/Widget");
    }
}
