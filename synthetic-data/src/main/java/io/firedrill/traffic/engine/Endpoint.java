package io.firedrill.traffic.engine;

import java.net.URI;
import java.util.Locale;

/** host:port of one target service plus the base path every request path is appended to. */
public record Endpoint(String name, String host, int port, String basePath) {

    public static Endpoint of(String name, URI uri) {
        if (uri == null || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " URL must look like http://127.0.0.1:17101, got " + uri);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException(name + " URL must use http://, got " + uri);
        }
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        String base = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new Endpoint(name, uri.getHost(), port, base);
    }

    public String hostHeader() { return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port; }

    public String url() { return "http://" + hostHeader() + basePath; }

    /** Loopback literal or localhost: where this tool may send load without --allow-remote-targets. */
    public boolean loopback() {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    @Override
    public String toString() { return name + " at " + url(); }
}
