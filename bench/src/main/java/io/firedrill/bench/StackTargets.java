package io.firedrill.bench;

import io.firedrill.stack.AdminToken;
import io.firedrill.stack.Ports;
import io.firedrill.stack.StackLayout;
import io.firedrill.traffic.Targets;
import java.net.URI;

/** The traffic targets of the stack a benchmark runs: its port block, and its admin token for the catalog load. */
final class StackTargets {

    private StackTargets() {}

    static Targets of(StackLayout layout) {
        Ports ports = layout.ports();
        return new Targets(local(ports.service(0)), local(ports.service(1)), local(ports.service(4)),
                local(ports.service(2)), local(ports.management(1)), AdminToken.read(layout));
    }

    private static URI local(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }
}
