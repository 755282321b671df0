package io.firedrill.stack.component;

import io.firedrill.stack.Health;
import io.firedrill.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Alertmanager from the Debian package, clustering off, routing to the webhook sink. */
public final class AlertmanagerServer implements Component {

    private final StackLayout layout;
    private final Path dir;

    public AlertmanagerServer(StackLayout layout) {
        this.layout = layout;
        this.dir = layout.componentDir(name());
    }

    @Override public String name() { return "alertmanager"; }

    @Override public List<Integer> ports() { return List.of(layout.ports().alertmanager()); }

    @Override
    public void prepare() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        ServerSupport.render(layout.alertingDir().resolve("alertmanager.yml"), dir.resolve("alertmanager.yml"),
                Map.of("FIREDRILL_ALERT_SINK", "127.0.0.1:" + layout.ports().alertSink()));
    }

    @Override
    public List<String> command() {
        return List.of(ServerSupport.executable("prometheus-alertmanager", "prometheus-alertmanager", "alertmanager"),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + ports().get(0),
                // Empty turns gossip clustering off (it would otherwise bind 0.0.0.0:9094).
                "--cluster.listen-address=");
    }

    @Override
    public Health health() {
        return Net.httpHealth("http://127.0.0.1:" + ports().get(0) + "/-/ready");
    }
}
