package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPU, memory, threads and open files of recorded processes, read from /proc of this very JVM. */
class ProcessResourcesTest {

    @Test
    void aRecordedProcessIsReadFromProcAndExposedWithItsComponent(@TempDir Path home) throws Exception {
        long self = ProcessHandle.current().pid();
        Path runDir = home.resolve("run");
        new RunRecord("order-service", self, List.of(1), Instant.now(), List.of("java")).write(runDir.resolve("order-service.json"));
        new RunRecord("ghost", Long.MAX_VALUE / 2, List.of(2), Instant.now(), List.of("gone")).write(runDir.resolve("ghost.json"));

        assertThat(ProcessResources.recordedPids(runDir)).containsEntry("order-service", self).containsKey("ghost");
        assertThat(ProcessResources.read("ghost", Long.MAX_VALUE / 2)).isEmpty();
        ProcessResources.Usage usage = ProcessResources.read("order-service", self).orElseThrow();

        assertThat(usage.cpuSeconds()).isPositive();
        assertThat(usage.rssBytes()).isGreaterThan(10L << 20);
        assertThat(usage.threads()).isGreaterThan(1);
        assertThat(usage.openFiles()).isPositive();
        String text = ProcessResources.exposition(List.of(usage));
        assertThat(text).contains("# TYPE firedrill_process_cpu_seconds_total counter\n")
                .containsPattern("firedrill_process_cpu_seconds_total\\{component=\"order-service\"} [0-9]+\\.[0-9]{2}\n")
                .contains("firedrill_process_resident_memory_bytes{component=\"order-service\"} " + usage.rssBytes() + "\n")
                .contains("firedrill_process_threads{component=\"order-service\"} " + usage.threads() + "\n")
                .contains("firedrill_process_open_fds{component=\"order-service\"} " + usage.openFiles() + "\n");
    }

    @Test
    void aMissingRunDirectoryMeansNoProcess(@TempDir Path home) {
        assertThat(ProcessResources.recordedPids(home.resolve("run"))).isEmpty();
        assertThat(ProcessResources.exposition(List.of())).doesNotContain("{component=");
    }

    @Test
    void aProcessCountsWithTheChildrenItStarted() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcessResources.withDescendants(ProcessHandle.current().pid()))
                    .startsWith(ProcessHandle.current().pid()).contains(child.pid());
        } finally {
            child.destroyForcibly();
        }
    }
}
