package io.firedrill.traffic;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for tests in other packages. */
public final class TestPorts {
    private TestPorts() {}

    /** A loopback port with nothing listening on it (bound, then released). */
    public static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
