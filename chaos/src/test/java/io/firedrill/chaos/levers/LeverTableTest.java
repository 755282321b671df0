package io.firedrill.chaos.levers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.firedrill.chaos.ChaosCli;
import io.firedrill.contracts.admin.ChaosLevers;
import io.firedrill.contracts.admin.Lever;
import io.firedrill.stack.StackLayout;
import io.firedrill.stack.component.SpringService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * chaos/README.md documents every chaos lever: its table is the one {@link LeverTable} renders from {@link ChaosLevers},
 * the declaration the services' {@code /admin/settings} take their fields from, and each declared default is what the
 * service's application.yml starts it with.
 */
class LeverTableTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path root = StackLayout.locateProjectRoot(Path.of(""));

    @Test
    void theReadmeTableIsTheGeneratedOne() throws Exception {
        String expected = LeverTable.markdown();

        assertThat(LeverTable.current(root.resolve("chaos/README.md")))
                .as("chaos/README.md's lever table is stale: run `make chaos-levers` (or paste this between the markers):%n%s",
                        expected)
                .isEqualTo(expected);
    }

    @Test
    void theCliPrintsTheTable() {
        assertThat(ChaosCli.execute("levers")).isZero();
    }

    @Test
    void everyLeverBelongsToAServiceOfTheStack() {
        List<String> services = SpringService.ALL.stream().map(SpringService.Spec::name).toList();
        for (ChaosLevers levers : ChaosLevers.values()) {
            assertThat(services).as(levers.name()).contains(levers.service());
            assertThat(levers.fields()).as("one lever per field of " + levers.service()).hasSameSizeAs(levers.levers());
        }
    }

    @Test
    void theDeclaredDefaultsAreTheServicesConfiguredValues() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (ChaosLevers levers : ChaosLevers.values()) {
            SpringService.Spec service = SpringService.ALL.stream().filter(s -> s.name().equals(levers.service())).findFirst().orElseThrow();
            JsonNode yaml = YAML.readTree(root.resolve(service.module()).resolve("src/main/resources/application.yml").toFile());
            for (Lever lever : levers.levers()) {
                if (lever.property() == null) {
                    continue;
                }
                JsonNode configured = yaml;
                for (String key : lever.property().split("\\.")) {
                    configured = configured.path(key);
                }
                if (!configured.isMissingNode() && !sameValue(configured.asText(), lever.defaultValue())) {
                    mismatches.add(levers.service() + " " + lever.field() + ": declared " + lever.defaultValue() + ", "
                            + lever.property() + " is " + configured.asText());
                }
            }
        }
        assertThat(mismatches).as("defaults in ChaosLevers that application.yml contradicts").isEmpty();
    }

    private static boolean sameValue(String configured, String declared) {
        try {
            return Double.parseDouble(configured) == Double.parseDouble(declared);
        } catch (NumberFormatException notNumbers) {
            return configured.equals(declared);
        }
    }
}
