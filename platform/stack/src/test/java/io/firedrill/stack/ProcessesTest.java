package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a server is started: its own process group (Ctrl-C spares it), the caller's session (and CPU scheduling group). */
class ProcessesTest {

    @TempDir
    Path dir;

    @Test
    void aDetachedServerLeadsItsOwnProcessGroupInTheCallersSessionAndSchedulingGroup() throws Exception {
        Process server = Processes.startDetached(List.of("sleep", "30"), dir, dir.resolve("sleep.log"), Map.of());
        try {
            long pid = server.pid();
            assertThat(Processes.arguments(pid)).containsExactly("sleep", "30"); // the same pid became the command
            String[] stat = stat(pid);
            String[] mine = stat(ProcessHandle.current().pid());
            assertThat(Long.parseLong(stat[2])).as("process group").isEqualTo(pid);
            assertThat(stat[3]).as("session").isEqualTo(mine[3]);
            Path autogroup = Path.of("/proc", Long.toString(pid), "autogroup");
            if (Files.exists(autogroup)) {
                assertThat(Files.readString(autogroup).split(" ")[0])
                        .isEqualTo(Files.readString(Path.of("/proc/self/autogroup")).split(" ")[0]);
            }
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    /** /proc/PID/stat after the command name: state, ppid, pgrp, session, ... */
    private static String[] stat(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
