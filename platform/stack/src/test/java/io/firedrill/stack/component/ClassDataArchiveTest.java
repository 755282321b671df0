package io.firedrill.stack.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The start-up cache on real JVMs, on the JDK the services run on and on this tool's own JDK (the fallback without a
 * JDK 25): a first run writes it as it exits, the next run maps it (started in the JDK's strict mode, which refuses to
 * run without it), and a rebuilt jar drops it so the next run writes a current one.
 */
class ClassDataArchiveTest {

    @TempDir
    Path dir;

    static Stream<ServiceJdk> jdks() {
        Set<ServiceJdk> jdks = new LinkedHashSet<>();
        jdks.add(ServiceJdk.select());
        jdks.add(ServiceJdk.of(Path.of(System.getProperty("java.home"))).orElseThrow());
        return jdks.stream();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void firstRunWritesTheCacheAtExitTheNextUsesItAndARebuiltJarDropsIt(ServiceJdk jdk) throws Exception {
        Path app = dir.resolve("app");
        Path jar = app.resolve("probe.jar");
        writeProbeJar(jar);
        ClassDataArchive cache = new ClassDataArchive(dir, "probe", app, jdk);

        cache.dropIfStale();
        assertThat(cache.exists()).isFalse();
        Run first = run(jdk, cache.jvmFlags(), jar);
        assertThat(first.exit).as(first.output).isZero();
        assertThat(first.output).contains("probe ran");
        assertThat(cache.exists()).as("cache written at exit, JDK " + jdk.feature() + "\n" + first.output).isTrue();

        cache.dropIfStale();
        assertThat(cache.exists()).as("same jar, same JDK: kept").isTrue();
        List<String> strict = new ArrayList<>(cache.jvmFlags());
        strict.add(jdk.hasAotCache() ? "-XX:AOTMode=on" : "-Xshare:on");
        Run second = run(jdk, strict, jar);
        assertThat(second.exit).as("strict mode maps the cache or refuses to start:\n" + second.output).isZero();
        assertThat(second.output).contains("probe ran");

        writeProbeJar(jar);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        cache.dropIfStale();
        assertThat(cache.exists()).as("rebuilt jar: the stale cache is dropped").isFalse();
        assertThat(cache.jvmFlags()).anyMatch(flag -> flag.contains("Output=") || flag.contains("ArchiveClassesAtExit="));
    }

    private record Run(int exit, String output) {}

    private static Run run(ServiceJdk jdk, List<String> flags, Path jar) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(jdk.java(), "-Xmx64m", "-XX:+UseSerialGC"));
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("probe JVM finished").isTrue();
        return new Run(process.exitValue(), String.join(" ", command) + "\n" + output);
    }

    /** A runnable jar holding {@link CacheProbe}, the way the services' extracted application jar is launched. */
    private static void writeProbeJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, CacheProbe.class.getName());
        String entry = CacheProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             var in = CacheProbe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
