package io.firedrill.stack.component;

import io.firedrill.stack.Health;
import io.firedrill.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Prometheus from the Debian package with a private config rendered from {@code alerting/prometheus.yml}.
 * Scrape targets of services are discovered from {@code .firedrill/prometheus/targets/*.json} (file_sd),
 * which services write when they start, so the config never needs editing.
 */
public final class PrometheusServer implements Component {

    private final StackLayout layout;
    private final Path dir;

    public PrometheusServer(StackLayout layout) {
        this.layout = layout;
        this.dir = layout.componentDir(name());
    }

    @Override public String name() { return "prometheus"; }

    @Override public List<Integer> ports() { return List.of(layout.ports().prometheus()); }

    public Path targetsDir() { return dir.resolve("targets"); }

    @Override
    public void prepare() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(targetsDir());
        ServerSupport.render(layout.alertingDir().resolve("prometheus.yml"), dir.resolve("prometheus.yml"), Map.of(
                "FIREDRILL_PROMETHEUS", "127.0.0.1:" + layout.ports().prometheus(),
                "FIREDRILL_ALERTMANAGER", "127.0.0.1:" + layout.ports().alertmanager(),
                "FIREDRILL_ALERT_SINK", "127.0.0.1:" + layout.ports().alertSink(),
                "FIREDRILL_RULES_DIR", layout.alertingDir().resolve("rules").toString(),
                "FIREDRILL_TARGETS_DIR", targetsDir().toString()));
    }

    @Override
    public List<String> command() {
        return List.of(ServerSupport.executable("prometheus", "prometheus"),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--storage.tsdb.retention.time=7d",
                "--web.listen-address=127.0.0.1:" + ports().get(0),
                "--web.enable-lifecycle",
                // Without it the first notification can be dropped while Alertmanager starts and is
                // only resent a minute later (66 s instead of 12 s to the sink, measured here).
                "--rules.alert.resend-delay=5s");
    }

    @Override
    public Health health() {
        return Net.httpHealth("http://127.0.0.1:" + ports().get(0) + "/-/ready");
    }
}
