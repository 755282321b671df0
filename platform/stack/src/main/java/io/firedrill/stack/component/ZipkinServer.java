package io.firedrill.stack.component;

import io.firedrill.stack.Health;
import io.firedrill.stack.StackLayout;
import java.util.List;
import java.util.Map;

/** Trace backend: the Zipkin server exec jar, in-memory storage capped in spans, bound to loopback. */
public final class ZipkinServer implements Component {

    private final StackLayout layout;

    public ZipkinServer(StackLayout layout) { this.layout = layout; }

    @Override public String name() { return "zipkin"; }

    @Override public List<Integer> ports() { return List.of(layout.ports().zipkin()); }

    @Override
    public void prepare() throws Exception {
        ServerSupport.snapshotClasspath(layout, name(), layout.runtimeLib("zipkin"));
    }

    @Override
    public List<String> command() {
        String lib = ServerSupport.snapshotLib(layout, name(), layout.runtimeLib("zipkin"));
        // Every service exports 100% of its spans here (about 30 per checkout, each with OTel attributes): 160 MiB ran
        // out of heap in a full `make test`, and the JVM exits on OOM. The span cap bounds the in-memory store.
        List<String> cmd = ServerSupport.java(layout, name(), 384, true);
        // The exec jar is a Spring Boot fat jar: run its launcher from the snapshot classpath.
        cmd.addAll(List.of("-cp", lib, "org.springframework.boot.loader.launch.JarLauncher",
                // Zipkin's port list is Armeria's; an entry is replaced whole, so give port, ip and protocol.
                "--armeria.ports[0].port=" + ports().get(0),
                "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].protocols[0]=http",
                "--spring.main.banner-mode=off"));
        return cmd;
    }

    @Override
    public Map<String, String> environment() {
        return Map.of("STORAGE_TYPE", "mem", "MEM_MAX_SPANS", "30000", "JAVA_OPTS", "");
    }

    @Override
    public Health health() {
        return Net.httpHealth("http://127.0.0.1:" + ports().get(0) + "/health");
    }
}
