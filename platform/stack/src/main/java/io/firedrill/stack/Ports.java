package io.firedrill.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where Firedrill's local ports are defined: a base (default 17000, env FIREDRILL_PORT_BASE)
 * plus a fixed offset per listener, so a second stack (tests, a colleague's checkout) moves as a block.
 */
public record Ports(int base) {

    public static final int DEFAULT_BASE = 17000;

    public Ports {
        if (base < 1024 || base > 64000) {
            throw new IllegalArgumentException("port base must be between 1024 and 64000, got " + base);
        }
    }

    public static Ports fromEnvironment() {
        String value = System.getenv("FIREDRILL_PORT_BASE");
        if (value == null || value.isBlank()) {
            return new Ports(DEFAULT_BASE);
        }
        try {
            return new Ports(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("FIREDRILL_PORT_BASE is not a number: " + value);
        }
    }

    public int kafka() { return base + 92; }
    public int kafkaController() { return base + 93; }
    public int mariadbPrimary() { return base + 306; }
    public int mariadbReplica() { return base + 307; }
    public int mongodb() { return base + 17; }
    public int s3() { return base + 80; }
    public int prometheus() { return base + 90; }
    public int alertmanager() { return base + 94; }
    public int alertSink() { return base + 95; }
    public int zipkin() { return base + 411; }

    /** Metrics port of a running firedrill-traffic generator. */
    public int trafficMetrics() { return base + 190; }

    /** Application ports, reserved here so that infrastructure and services never collide. */
    public int service(int index) { return base + 101 + index; }

    /** Management ports (actuator, admin routes), 100 above each application port. */
    public int management(int index) { return service(index) + 100; }

    /** Every infrastructure listener by name, for the busy-port check and the endpoints file. */
    public Map<String, Integer> infrastructure() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", kafka());
        ports.put("kafka-controller", kafkaController());
        ports.put("mariadb-primary", mariadbPrimary());
        ports.put("mariadb-replica", mariadbReplica());
        ports.put("mongodb", mongodb());
        ports.put("s3", s3());
        ports.put("prometheus", prometheus());
        ports.put("alertmanager", alertmanager());
        ports.put("alert-sink", alertSink());
        ports.put("zipkin", zipkin());
        return ports;
    }
}
