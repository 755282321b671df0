package io.firedrill.stack.component;

import io.firedrill.stack.Health;
import io.firedrill.stack.StackException;
import io.firedrill.stack.StackLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Alertmanager from the Debian package, clustering off, routing to the webhook sink.
 *
 * <p>The config is rendered from {@code alerting/alertmanager.yml}: timings from the alert profile
 * ({@link PrometheusServer#PROFILE_ENV}), and the Slack and e-mail receivers only when their environment variables
 * are set ({@code # @if VAR...} / {@code # @end} blocks). Without them the rendering routes everything to the sink.
 */
public final class AlertmanagerServer implements Component {

    /** Optional settings; the receivers that need them are rendered only when they are set. */
    static final List<String> NOTIFIER_ENV = List.of("FIREDRILL_SLACK_WEBHOOK_URL", "FIREDRILL_SMTP_SMARTHOST",
            "FIREDRILL_SMTP_TO", "FIREDRILL_SMTP_FROM", "FIREDRILL_SMTP_USERNAME", "FIREDRILL_SMTP_PASSWORD",
            "FIREDRILL_SMTP_REQUIRE_TLS");

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
        Map<String, String> env = new HashMap<>();
        for (String name : NOTIFIER_ENV) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                env.put(name, value.trim());
            }
        }
        Map<String, String> values = new HashMap<>(PrometheusServer.profilePlaceholders(layout.alertingDir(),
                PrometheusServer.alertProfile()));
        values.put("FIREDRILL_ALERT_SINK", "127.0.0.1:" + layout.ports().alertSink());
        values.putAll(notifierPlaceholders(env));

        Path template = layout.alertingDir().resolve("alertmanager.yml");
        if (!Files.isRegularFile(template)) {
            throw new StackException("missing template " + template);
        }
        Path selected = dir.resolve("alertmanager.template.yml");
        Files.writeString(selected, selectBlocks(Files.readString(template), env::get, template));
        ServerSupport.render(selected, dir.resolve("alertmanager.yml"), values);
    }

    /**
     * Values of the Slack/e-mail placeholders. Secrets go to owner-only files under {@code secrets/}, so the
     * rendered config (which the log and {@code amtool} may print) never holds them.
     */
    private Map<String, String> notifierPlaceholders(Map<String, String> env) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getValue().contains("\"") || e.getValue().contains("\\")) {
                throw new StackException(e.getKey() + " must not contain quotes or backslashes");
            }
        }
        Path secrets = dir.resolve("secrets");
        if (env.containsKey("FIREDRILL_SLACK_WEBHOOK_URL")) {
            values.put("FIREDRILL_SLACK_WEBHOOK_URL_FILE",
                    writeSecret(secrets.resolve("slack-webhook-url"), env.get("FIREDRILL_SLACK_WEBHOOK_URL")).toString());
        }
        if (env.containsKey("FIREDRILL_SMTP_PASSWORD")) {
            values.put("FIREDRILL_SMTP_PASSWORD_FILE",
                    writeSecret(secrets.resolve("smtp-password"), env.get("FIREDRILL_SMTP_PASSWORD")).toString());
        }
        for (String name : List.of("FIREDRILL_SMTP_SMARTHOST", "FIREDRILL_SMTP_TO", "FIREDRILL_SMTP_USERNAME")) {
            if (env.containsKey(name)) {
                values.put(name, env.get(name));
            }
        }
        values.put("FIREDRILL_SMTP_FROM", env.getOrDefault("FIREDRILL_SMTP_FROM", "firedrill-alertmanager@localhost"));
        values.put("FIREDRILL_SMTP_REQUIRE_TLS", env.getOrDefault("FIREDRILL_SMTP_REQUIRE_TLS", "true"));
        return values;
    }

    private static Path writeSecret(Path file, String value) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, value);
        return file;
    }

    /**
     * alerting/alertmanager.yml for {@code profile} with the alert-sink receiver only (every Slack and e-mail block
     * dropped) and the profile's timings filled in; {@code ${FIREDRILL_ALERT_SINK}} is left for the deployment to fill.
     * The Helm chart ships it (deploy/helm/firedrill/files/alertmanager/), where notifier secrets have no file path.
     */
    public static String configWithoutNotifiers(Path alertingDir, String profile) throws IOException {
        Path template = alertingDir.resolve("alertmanager.yml");
        String text = selectBlocks(Files.readString(template), name -> null, template);
        for (Map.Entry<String, String> e : PrometheusServer.profilePlaceholders(alertingDir, profile).entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        String left = text.replace("${FIREDRILL_ALERT_SINK}", "");
        int unknown = left.indexOf("${FIREDRILL_");
        if (unknown >= 0) {
            throw new StackException(template + " has an unknown placeholder near: "
                    + left.substring(unknown, Math.min(left.length(), unknown + 40)));
        }
        return text;
    }

    /**
     * Keeps the lines between {@code # @if VAR...} and {@code # @end} only when every named variable has a value;
     * drops the directive lines. Blocks nest. scripts/check-alerting.sh implements the same in awk.
     */
    static String selectBlocks(String text, Function<String, String> env, Path source) {
        StringBuilder out = new StringBuilder();
        Deque<Boolean> open = new ArrayDeque<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            String trimmed = line.trim();
            if (trimmed.startsWith("# @if ")) {
                boolean all = true;
                for (String name : trimmed.substring("# @if ".length()).trim().split("\\s+")) {
                    String value = env.apply(name);
                    all &= value != null && !value.isBlank();
                }
                open.push(all);
            } else if (trimmed.equals("# @end")) {
                if (open.isEmpty()) {
                    throw new StackException(source + ":" + lineNo + ": '# @end' without '# @if'");
                }
                open.pop();
            } else if (!open.contains(Boolean.FALSE)) {
                out.append(line).append('\n');
            }
        }
        if (!open.isEmpty()) {
            throw new StackException(source + ": " + open.size() + " '# @if' block(s) without '# @end'");
        }
        // split(-1) yields a last empty element for a trailing newline: do not add a second one.
        return text.endsWith("\n") ? out.substring(0, out.length() - 1) : out.toString();
    }

    @Override
    public List<String> command() {
        return List.of(ServerSupport.executable("prometheus-alertmanager", "prometheus-alertmanager", "alertmanager"),
                HomeFlag.CONFIG_FILE.arg(dir.resolve("alertmanager.yml")),
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
