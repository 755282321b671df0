package io.firedrill.stack.component;

import io.firedrill.stack.Health;
import io.firedrill.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Trace backend: the Zipkin server exec jar, in-memory storage capped in spans, bound to loopback. */
public final class ZipkinServer implements Component {

    private final StackLayout layout;

    public ZipkinServer(StackLayout layout) { this.layout = layout; }

    @Override public String name() { return "zipkin"; }

    @Override public List<Integer> ports() { return List.of(layout.ports().zipkin()); }

    @Override public void prepare() throws Exception { Files.createDirectories(layout.componentDir(name())); }

    @Override
    public List<String> command() {
        Path jar;
        try (var files = Files.list(layout.runtimeLib("zipkin"))) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no zipkin exec jar"));
        } catch (Exception e) {
            throw new io.firedrill.stack.StackException("missing Zipkin jar under " + layout.runtimeLib("zipkin")
                    + ": build the project first (`make build`)");
        }
        List<String> cmd = ServerSupport.java(layout, name(), 160, true);
        cmd.addAll(List.of("-jar", jar.toString(),
                // Zipkin's port list is Armeria's; an entry is replaced whole, so give port, ip and protocol.
                "--armeria.ports[0].port=" + ports().get(0),
                "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].protocols[0]=http",
                "--spring.main.banner-mode=off"));
        return cmd;
    }

    @Override
    public Map<String, String> environment() {
        return Map.of("STORAGE_TYPE", "mem", "MEM_MAX_SPANS", "50000", "JAVA_OPTS", "");
    }

    @Override
    public Health health() {
        return Net.httpHealth("http://127.0.0.1:" + ports().get(0) + "/health");
    }
}
