package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.stack.component.ServerSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A half-written or damaged stack home ({@code .firedrill/}) is recovered, not a dead end: `up` reinstalls a MariaDB
 * datadir whose install never completed and reformats Kafka data without meta.properties; `down` stops every server
 * even when the run-record folder is gone (and `up` refuses, naming that folder). One private stack, own port block.
 */
class StackRecoveryTest {

    private static final Ports PORTS = new Ports(24000);

    @TempDir
    Path home;

    private Stack stack;

    @AfterEach
    void stopEverything() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void halfWrittenDataIsReinstalledByUpAndServersWithoutRunRecordsAreStoppedByDown() throws Exception {
        stack = new Stack(new StackLayout(StackLayout.locateProjectRoot(Path.of("")), home, PORTS), System.out);
        // An install of the primary that died half-way: files, but no ".firedrill-initialized" marker.
        Path mariadbData = home.resolve("mariadb-primary/data");
        Files.createDirectories(mariadbData.resolve("mysql"));
        Files.writeString(mariadbData.resolve("ibdata1"), "torn write");
        Files.writeString(mariadbData.resolve("mysql/half-installed.frm"), "torn write");
        // A Kafka format that died before writing meta.properties.
        Path kafkaData = home.resolve("kafka/data");
        Files.createDirectories(kafkaData.resolve("__cluster_metadata-0"));
        Files.writeString(kafkaData.resolve("__cluster_metadata-0/half-formatted.log"), "torn write");
        Files.writeString(kafkaData.resolve("half-formatted.tmp"), "torn write");

        stack.up();

        assertThat(stack.status()).allSatisfy(row -> assertThat(row.healthy()).as(row.component() + ": " + row.detail()).isTrue());
        assertThat(mariadbData.resolve(".firedrill-initialized")).isRegularFile();
        assertThat(mariadbData.resolve("mysql/half-installed.frm")).doesNotExist();
        assertThat(mariadbData.resolve("mysql")).as("system tables of a fresh install").isDirectoryContaining("glob:**.frm");
        assertThat(Files.size(mariadbData.resolve("ibdata1"))).as("ibdata1 of a fresh install").isGreaterThan(1024);
        assertThat(kafkaData.resolve("meta.properties")).isRegularFile();
        assertThat(kafkaData.resolve("__cluster_metadata-0/half-formatted.log")).doesNotExist();
        assertThat(kafkaData.resolve("half-formatted.tmp")).doesNotExist();

        // Every run record lost: `up` must not start a second copy of anything, and `down` still stops all of them.
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : stack.componentNames()) {
            pids.put(name, stack.runningPid(name).orElseThrow());
        }
        ServerSupport.deleteRecursively(home.resolve("run"));
        assertThat(stack.runningPid("kafka")).isEmpty();
        assertThatThrownBy(stack::up)
                .isInstanceOf(StackException.class)
                .hasMessageContaining("without a valid run record")
                .hasMessageContaining("state under " + home.resolve("run") + " is lost or damaged");

        int stopped = stack.down();

        assertThat(stopped).isEqualTo(pids.size());
        assertThat(pids).allSatisfy((name, pid) -> assertThat(Processes.isAlive(pid)).as(name + " pid " + pid).isFalse());
        assertThat(stack.strays()).isEmpty();
    }
}
