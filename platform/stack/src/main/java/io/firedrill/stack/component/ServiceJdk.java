package io.firedrill.stack.component;

import io.firedrill.stack.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK the Spring services run on: {@code $FIREDRILL_SERVICES_JAVA_HOME} if set, else the newest JDK 25 or later under
 * {@code /usr/lib/jvm} (its ahead-of-time cache starts a service on less CPU than JDK 17's class-data archive), else the
 * JDK running this tool. The code is compiled for 17 and runs on either.
 */
public record ServiceJdk(Path home, int feature) {

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    public static ServiceJdk select() {
        String configured = System.getenv("FIREDRILL_SERVICES_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return of(Path.of(configured)).orElseThrow(() -> new StackException("FIREDRILL_SERVICES_JAVA_HOME="
                    + configured + " is not a JDK (no bin/java and release file)"));
        }
        Optional<ServiceJdk> newest = Optional.empty();
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            newest = jdks.map(ServiceJdk::of).flatMap(Optional::stream).filter(jdk -> jdk.feature() >= 25)
                    .max(Comparator.comparingInt(ServiceJdk::feature));
        } catch (IOException e) {
            // no /usr/lib/jvm: the tool's own JDK
        }
        return newest.orElseGet(() -> new ServiceJdk(Path.of(System.getProperty("java.home")), Runtime.version().feature()));
    }

    /** The JDK at {@code home}, if it has a launcher and a release file naming its version. */
    static Optional<ServiceJdk> of(Path home) {
        try {
            Path release = home.resolve("release");
            if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
                return Optional.empty();
            }
            Matcher m = VERSION.matcher(Files.readString(release));
            return m.find() ? Optional.of(new ServiceJdk(home.toRealPath(), Integer.parseInt(m.group(1)))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String java() { return home.resolve("bin/java").toString(); }

    /** JDK 25's ahead-of-time cache (JEP 483/514/515: classes loaded and linked, method profiles) instead of AppCDS. */
    public boolean hasAotCache() { return feature >= 25; }
}
