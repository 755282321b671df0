package io.firedrill.stack.component;

import io.firedrill.stack.Health;
import io.firedrill.stack.StackException;
import io.firedrill.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One of Firedrill's own Spring Boot applications (the five services and cdc-relay), run from its built jar
 * against the stack's endpoints. Ready when its readiness probe answers UP on the management port; once
 * ready it registers itself as a Prometheus scrape target (file_sd).
 */
public final class SpringService implements Component {

    /** The applications, their module folder, and their app/management ports (index into {@link io.firedrill.stack.Ports#service}). */
    public record Spec(String name, String module, int portIndex) {}

    public static final List<Spec> ALL = List.of(
            new Spec("cdc-relay", "services/cdc-relay", 5),
            new Spec("inventory-service", "services/inventory-service", 1),
            new Spec("payment-service", "services/payment-service", 2),
            new Spec("shipment-service", "services/shipment-service", 3),
            new Spec("notification-service", "services/notification-service", 4),
            new Spec("order-service", "services/order-service", 0));

    private final StackLayout layout;
    private final Spec spec;
    private final ServiceJdk jdk;

    public SpringService(StackLayout layout, Spec spec) {
        this.layout = layout;
        this.spec = spec;
        this.jdk = ServiceJdk.select();
    }

    @Override public String name() { return spec.name(); }

    public int appPort() { return layout.ports().service(spec.portIndex()); }

    public int managementPort() { return layout.ports().management(spec.portIndex()); }

    @Override public List<Integer> ports() { return List.of(appPort(), managementPort()); }

    @Override public Duration startTimeout() { return Duration.ofSeconds(180); }

    /** 20 s; two minutes for the stop that writes the start-up cache (six services writing theirs share two cores). */
    @Override public Duration stopGrace() { return Duration.ofSeconds(writesStartupCacheAtExit() ? 120 : 20); }

    /** True while the service runs without a start-up cache: it writes one as it exits (not when killed). */
    public boolean writesStartupCacheAtExit() { return !archive().exists(); }

    /** The repackaged Spring Boot jar of the module. */
    public Path jar() {
        String artifact = spec.name().startsWith("cdc") ? "firedrill-cdc-relay" : "firedrill-" + spec.name();
        return layout.projectRoot().resolve(spec.module()).resolve("target").resolve(artifact + ".jar");
    }

    public boolean isBuilt() { return Files.isRegularFile(jar()); }

    /**
     * The jar's extracted layout ({@code java -Djarmode=tools extract}: the application jar and its {@code lib/}) under
     * the component folder. It is the service's snapshot (a rebuild cannot pull a class from under a running JVM), it
     * starts faster than the nested jar (15.3 instead of 19.2 s of CPU for order-service's context), and unlike it, it can
     * be class-data archived.
     */
    private Path appDir() { return layout.componentDir(name()).resolve("app"); }

    private ClassDataArchive archive() {
        return new ClassDataArchive(layout.componentDir(name()), name(), appDir(), jdk);
    }

    @Override
    public void prepare() throws Exception {
        if (!isBuilt()) {
            throw new StackException("missing " + jar() + ": build the project first (`make build`)");
        }
        // Extracted again only when the jar changed: fresh files would invalidate the class-data archive.
        Path source = appDir().resolve(".extracted-from");
        String built = jar() + " " + Files.size(jar()) + " " + Files.getLastModifiedTime(jar()).toMillis();
        if (!Files.isRegularFile(source) || !Files.readString(source).equals(built)) {
            ServerSupport.deleteRecursively(appDir());
            Files.createDirectories(appDir());
            ServerSupport.runTool(List.of(jdk.java(), "-Djarmode=tools", "-jar", jar().toString(),
                            "extract", "--destination", appDir().toString()),
                    layout.componentDir(name()), layout.logFile(name()), 120);
            Files.writeString(source, built);
        }
        archive().dropIfStale();
        // The jar snapshot of earlier versions of this tool (the nested jar under lib/): not used any more.
        ServerSupport.deleteRecursively(layout.componentDir(name()).resolve("lib"));
    }

    @Override
    public List<String> command() {
        List<String> cmd = ServerSupport.java(jdk.java(), layout, name(), 256, false);
        cmd.addAll(archive().jvmFlags());
        cmd.addAll(List.of(
                // Services allocate per request: cap metaspace and code cache so six of them fit beside the stack.
                "-XX:MaxMetaspaceSize=192m",
                "-XX:ReservedCodeCacheSize=96m",
                // C2 compiled 40% of a service's start-up CPU (14 of 38 s, six services starting together on two cores),
                // mostly methods that run only while the context starts. Four times the default C2 thresholds leave those
                // to C1 and still give the request and message paths C2 code within seconds of steady traffic.
                "-XX:Tier4InvocationThreshold=20000",
                "-XX:Tier4CompileThreshold=60000",
                "-XX:Tier4BackEdgeThreshold=160000",
                "-jar", appDir().resolve(jar().getFileName()).toString(),
                "--server.port=" + appPort(),
                // Loopback unless the operator exposes the APIs on purpose (FIREDRILL_BIND_ADDRESS=0.0.0.0, README);
                // the management port (admin routes, metrics) stays on loopback whatever is set.
                "--server.address=" + bindAddress(),
                "--management.server.port=" + managementPort(),
                "--management.server.address=127.0.0.1",
                // A dedup record must outlive every redelivery: the broker's retention, plus an hour.
                "--firedrill.messaging.processed-message-retention=" + KafkaBroker.RETENTION.plusHours(1).toHours() + "h",
                // chaos-monkey-spring-boot loaded with every assault off; scenarios switch one on (admin token).
                "--spring.profiles.active=chaos-monkey"));
        return cmd;
    }

    /** Where the application port listens: {@code FIREDRILL_BIND_ADDRESS}, else 127.0.0.1. */
    static String bindAddress() {
        String address = System.getenv("FIREDRILL_BIND_ADDRESS");
        return address == null || address.isBlank() ? "127.0.0.1" : address.strip();
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("SPRING_CONFIG_IMPORT", "optional:file:" + layout.envFile() + "[.properties]");
        env.put("FIREDRILL_HOME", layout.home().toString());
        env.put("FIREDRILL_ADMIN_TOKEN", io.firedrill.stack.AdminToken.read(layout));
        env.put("FIREDRILL_CDCRELAY_DATADIR", layout.componentDir("cdc-relay").resolve("data").toString());
        // The applications' default head sampling is production's 10%; the local stack is where drills follow single
        // checkouts through Zipkin, so it traces every one unless the caller says otherwise (bench-observability).
        env.put("OTEL_TRACES_SAMPLER_ARG", System.getenv().getOrDefault("OTEL_TRACES_SAMPLER_ARG", "1.0"));
        // Where the other applications of this stack listen (FIREDRILL_INVENTORY_SERVICE_URL, ...): a service calling
        // another must follow the port base, not reach a default-port stack of someone else.
        for (Spec other : ALL) {
            env.put(urlVariable(other), "http://127.0.0.1:" + layout.ports().service(other.portIndex()));
        }
        return env;
    }

    /** The environment variable holding an application's base URL, e.g. FIREDRILL_INVENTORY_SERVICE_URL. */
    public static String urlVariable(Spec spec) {
        return "FIREDRILL_" + spec.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL";
    }

    @Override
    public boolean isListening() {
        return Net.canConnect(managementPort());
    }

    @Override
    public void whenFoundHealthy() throws Exception {
        afterStart();
    }

    @Override
    public void afterStart() throws Exception {
        Path targets = layout.prometheusTargets();
        Files.createDirectories(targets);
        Path file = targets.resolve(name() + ".json");
        Path tmp = targets.resolve(name() + ".json.tmp");
        Files.writeString(tmp, "[{\"targets\":[\"127.0.0.1:" + managementPort() + "\"],\"labels\":{\"service\":\""
                + name() + "\",\"application\":\"" + name() + "\"}}]\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public Health health() {
        Health readiness = Net.httpHealth("http://127.0.0.1:" + managementPort() + "/actuator/health/readiness");
        return readiness.healthy() ? Health.up("ready, app :" + appPort()) : readiness;
    }
}
