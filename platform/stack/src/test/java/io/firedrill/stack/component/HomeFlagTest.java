package io.firedrill.stack.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which command lines are servers of a stack home: the launch flags naming a path under it, nothing else. */
class HomeFlagTest {

    private static final Path HOME = Path.of("/work/co/.firedrill");

    @Test
    void everyLaunchFlagNamingAPathUnderTheHomeMarksAServer() {
        assertThat(HomeFlag.namesHome(List.of("java", "-Xmx64m", "-Dfiredrill.home=/work/co/.firedrill/", "Main"), HOME)).isTrue();
        assertThat(HomeFlag.namesHome(List.of("/usr/sbin/mariadbd", "--defaults-file=/work/co/.firedrill/mariadb-primary/my.cnf"), HOME)).isTrue();
        assertThat(HomeFlag.namesHome(List.of("/usr/bin/prometheus", "--config.file=/work/co/.firedrill/prometheus/prometheus.yml"), HOME)).isTrue();
    }

    @Test
    void aMereMentionOfTheHomeIsNotAServer() {
        assertThat(HomeFlag.namesHome(List.of("tail", "-n", "50", "-F", "/work/co/.firedrill/kafka/kafka.log"), HOME)).isFalse();
        assertThat(HomeFlag.namesHome(List.of("vi", "/work/co/.firedrill/prometheus/prometheus.yml"), HOME)).isFalse();
    }

    @Test
    void aSiblingHomeSharingItsPrefixOrARelativePathIsNotThisHome() {
        assertThat(HomeFlag.namesHome(List.of("java", "-Dfiredrill.home=/work/co/.firedrill-bench/"), HOME)).isFalse();
        assertThat(HomeFlag.namesHome(List.of("prometheus", "--config.file=.firedrill/prometheus/prometheus.yml"), HOME)).isFalse();
    }
}
