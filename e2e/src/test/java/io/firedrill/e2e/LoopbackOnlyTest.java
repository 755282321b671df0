package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing of the running stack listens beyond this machine: every listening TCP socket in the stack's port block
 * (the kernel's own table, /proc/net/tcp and tcp6) is bound to 127.0.0.1, ::1 or ::ffff:127.0.0.1. The services' application ports
 * once listened on every interface, so a catalog load without a token worked from any host that reached the machine.
 */
@ExtendWith(ServicesExtension.class)
class LoopbackOnlyTest {

    private static final String LISTEN = "0A";
    private static final String LOOPBACK_V4 = "0100007F";
    private static final String LOOPBACK_V6 = "00000000000000000000000001000000";
    private static final String LOOPBACK_V4_MAPPED = "0000000000000000FFFF00000100007F"; // ::ffff:127.0.0.1

    @Test
    void everyPortOfTheStackListensOnLoopbackOnly(Firedrill firedrill) throws Exception {
        int base = firedrill.stack().layout().ports().base();
        List<String> listening = new ArrayList<>();
        List<String> exposed = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> rows = Files.readAllLines(Path.of(table));
            for (String line : rows.subList(1, rows.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                int port = Integer.parseInt(local[1], 16);
                if (!f[3].equals(LISTEN) || port < base || port >= base + 1000) {
                    continue;
                }
                listening.add(table + " " + port);
                if (!List.of(LOOPBACK_V4, LOOPBACK_V6, LOOPBACK_V4_MAPPED).contains(local[0])) {
                    exposed.add(port + " on " + local[0]);
                }
            }
        }

        assertThat(listening).as("the stack's listening sockets").hasSizeGreaterThanOrEqualTo(20);
        assertThat(exposed).as("sockets of the stack bound beyond loopback").isEmpty();
    }
}
