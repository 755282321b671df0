package io.firedrill.stack.component;

import io.firedrill.stack.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A service's start-up cache: its first run records the classes it loads and links (and on JDK 25 the profiles of the
 * methods it runs, traffic included) and writes them when it exits; every later start maps them instead of reading,
 * parsing, verifying and profiling again. On JDK 25 that is the ahead-of-time cache ({@code -XX:AOTCacheOutput} /
 * {@code -XX:AOTCache}), on older JDKs AppCDS's dynamic archive ({@code -XX:ArchiveClassesAtExit} /
 * {@code -XX:SharedArchiveFile}). Measured on order-service alone, start until its context is refreshed, in CPU seconds:
 * 19.2 from the Spring Boot jar on JDK 17, 15.3 from the extracted jar, 11.2 with JDK 17's archive, 8.9 with JDK 25's
 * cache. Writing one costs about 20 s of CPU at exit, once per build.
 *
 * <p>The JVM checks the cache against the classpath (each jar's size and modification time) and ignores one that does
 * not match; so that a stale cache is replaced instead of silently ignored forever, a stamp of the JDK and of every jar
 * of the classpath is kept beside it, and a different stamp deletes the cache: the next run writes a new one. A JVM
 * killed with SIGKILL writes none; the next start records again.
 */
public final class ClassDataArchive {

    private final Path archive;
    private final Path stamp;
    private final Path classpathRoot;
    private final ServiceJdk jdk;

    /** The archive of {@code component} in {@code componentDir}, for the jars under {@code classpathRoot}, run on {@code jdk}. */
    public ClassDataArchive(Path componentDir, String component, Path classpathRoot, ServiceJdk jdk) {
        String suffix = jdk.hasAotCache() ? ".aot" : ".jsa";
        this.archive = componentDir.resolve(component + suffix);
        this.stamp = componentDir.resolve(component + suffix + ".stamp");
        this.classpathRoot = classpathRoot;
        this.jdk = jdk;
    }

    public boolean exists() { return Files.isRegularFile(archive); }

    /** Deletes the archive if the JVM or a jar of the classpath changed since it was written; call once the classpath is in place. */
    public void dropIfStale() {
        String current = currentStamp();
        try {
            if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(current)) {
                Files.deleteIfExists(archive);
                Files.createDirectories(stamp.getParent());
                Files.writeString(stamp, current);
            }
        } catch (IOException e) {
            throw new StackException("cannot keep the class-data archive " + archive + ": " + e.getMessage());
        }
    }

    /**
     * The JVM flags for the next start: map the archive if there is one, else write one at exit. Only errors of the
     * archive are logged: writing one warns about every class it leaves out (thousands of lines).
     */
    public List<String> jvmFlags() {
        boolean exists = exists();
        if (jdk.hasAotCache()) {
            return List.of(exists ? "-XX:AOTCache=" + archive : "-XX:AOTCacheOutput=" + archive, "-Xlog:aot=error,cds=error");
        }
        return List.of(exists ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=error");
    }

    /** The JVM, and every jar under the classpath root with its size and modification time. */
    private String currentStamp() {
        String jvm = jdk.home() + " " + fileTime(jdk.home().resolve("release")) + "\n";
        try (Stream<Path> walk = Files.walk(classpathRoot)) {
            return jvm + walk.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted()
                    .map(this::describe).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new StackException("cannot read the classpath " + classpathRoot + ": " + e.getMessage());
        }
    }

    private static String fileTime(Path file) {
        try {
            return Long.toString(Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            return "?";
        }
    }

    private String describe(Path jar) {
        try {
            return classpathRoot.relativize(jar) + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            throw new StackException("cannot read " + jar + ": " + e.getMessage());
        }
    }
}
