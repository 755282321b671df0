package io.firedrill.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicePomTest {

    @TempDir
    Path project;

    @Test
    void failsNamingTheOtherServiceAServiceDependsOn() throws IOException {
        pom(project.resolve("platform/contracts"), "firedrill-contracts");
        pom(project.resolve("platform/stack/runtimes"), "firedrill-stack-runtimes");
        Path order = pom(project.resolve("services/order"), "firedrill-order",
                "firedrill-contracts", "firedrill-stack-runtimes", "firedrill-payment");
        Files.writeString(project.resolve("pom.xml"), "<project/>");

        assertThatThrownBy(() -> ServicePom.assertDependsOnlyOnPlatform(order))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("depends on [firedrill-payment]");
    }

    @Test
    void passesWhenEveryFiredrillDependencyIsAPlatformModule() throws IOException {
        pom(project.resolve("platform/contracts"), "firedrill-contracts");
        Path order = pom(project.resolve("services/order"), "firedrill-order", "firedrill-contracts");
        Files.writeString(project.resolve("pom.xml"), "<project/>");

        ServicePom.assertDependsOnlyOnPlatform(order);
    }

    @Test
    void findsThePlatformModulesOfThisProject() {
        assertThat(ServicePom.platformArtifacts(Path.of("..")))
                .contains("firedrill-contracts", "firedrill-messaging", "firedrill-architecture-rules");
    }

    /** Writes a pom for {@code artifactId} depending on the given io.firedrill artifacts (and one library). */
    private static Path pom(Path dir, String artifactId, String... firedrillDependencies) throws IOException {
        StringBuilder dependencies = new StringBuilder("""
                <dependency><groupId>org.slf4j</groupId><artifactId>firedrill-payment</artifactId></dependency>
                """);
        for (String dependency : firedrillDependencies) {
            dependencies.append("<dependency><groupId>io.firedrill</groupId><artifactId>")
                    .append(dependency).append("</artifactId><scope>test</scope></dependency>\n");
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pom.xml"), """
                <project>
                  <parent><groupId>io.firedrill</groupId><artifactId>firedrill</artifactId></parent>
                  <artifactId>%s</artifactId>
                  <dependencies>%s</dependencies>
                </project>
                """.formatted(artifactId, dependencies));
        return dir;
    }
}
