package io.firedrill.stack.component;

import io.firedrill.stack.Health;
import io.firedrill.stack.StackLayout;
import io.firedrill.stack.server.AlertSinkServer;
import java.nio.file.Files;
import java.util.List;

/** The webhook receiver that records every Alertmanager notification (see {@link AlertSinkServer}). */
public final class AlertSink implements Component {

    private final StackLayout layout;

    public AlertSink(StackLayout layout) { this.layout = layout; }

    @Override public String name() { return "alert-sink"; }

    @Override public List<Integer> ports() { return List.of(layout.ports().alertSink()); }

    @Override
    public void prepare() throws Exception {
        ServerSupport.snapshotClasspath(layout, name(), layout.stackJar(), layout.stackLib());
    }

    @Override
    public List<String> command() {
        List<String> cmd = ServerSupport.java(layout, name(), 48, true);
        cmd.addAll(List.of("-cp", ServerSupport.snapshotLib(layout, name(), layout.stackJar(), layout.stackLib()),
                AlertSinkServer.class.getName(), Integer.toString(ports().get(0)),
                layout.componentDir(name()).resolve("notifications.jsonl").toString(), layout.runDir().toString()));
        return cmd;
    }

    @Override
    public Health health() {
        return Net.httpHealth("http://127.0.0.1:" + ports().get(0) + "/health");
    }
}
