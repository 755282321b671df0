package io.firedrill.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the project checkout (configs, server classpaths) and the stack home
 * ({@code .firedrill/}: one folder per component with its data and log, run records, endpoints files).
 */
public record StackLayout(Path projectRoot, Path home, Ports ports) {

    public StackLayout {
        projectRoot = projectRoot.toAbsolutePath().normalize();
        home = home.toAbsolutePath().normalize();
    }

    public static StackLayout defaults() {
        Path root = locateProjectRoot(Path.of("").toAbsolutePath());
        String home = System.getenv("FIREDRILL_HOME");
        return new StackLayout(root, home == null || home.isBlank() ? root.resolve(".firedrill") : Path.of(home),
                Ports.fromEnvironment());
    }

    /** Walks up from {@code start} to the checkout that holds platform/stack (works from any module's dir). */
    public static Path locateProjectRoot(Path start) {
        String override = System.getenv("FIREDRILL_ROOT");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("platform/stack/runtimes/pom.xml"))) {
                return dir;
            }
        }
        throw new StackException("cannot find the Firedrill checkout above " + start
                + " (looked for platform/stack/runtimes/pom.xml); run from the checkout or set FIREDRILL_ROOT");
    }

    public Path componentDir(String component) { return home.resolve(component); }
    public Path logFile(String component) { return componentDir(component).resolve(component + ".log"); }
    public Path runDir() { return home.resolve("run"); }
    public Path runRecord(String component) { return runDir().resolve(component + ".json"); }
    public Path envFile() { return home.resolve("stack.env"); }
    /** Prometheus's file_sd directory: a service (or a traffic run) is scraped while its JSON file is there. */
    public Path prometheusTargets() { return componentDir("prometheus").resolve("targets"); }
    public Path prometheusTarget(String name) { return prometheusTargets().resolve(name + ".json"); }
    public Path jsonFile() { return home.resolve("stack.json"); }

    /** Classpath folder of an out-of-process server built by platform/stack/runtimes/NAME. */
    public Path runtimeLib(String runtime) {
        return projectRoot.resolve("platform/stack/runtimes").resolve(runtime).resolve("target/lib");
    }

    /** This module's own jar plus its dependencies: used to run the MongoDB server and the alert sink. */
    public Path stackLib() { return projectRoot.resolve("platform/stack/target/lib"); }
    public Path stackJar() { return projectRoot.resolve("platform/stack/target/firedrill-stack.jar"); }
    public Path alertingDir() { return projectRoot.resolve("alerting"); }
}
