package io.firedrill.drill.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where drills live: {@code <home>/drills/<id>/} per drill (drill.json, host.log, the reports) and
 * {@code <home>/drills/current/host.json} naming the running drill's id, host pid and loopback port. Files are replaced
 * atomically, so a crash never leaves half a record.
 */
public record DrillFiles(Path drills) {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** The running drill's host: its id, pid, loopback port. */
    public record HostInfo(String id, long pid, int port) {}

    public static DrillFiles under(Path stackHome) {
        return new DrillFiles(stackHome.resolve("drills"));
    }

    public Path current() { return drills.resolve("current"); }
    public Path hostFile() { return current().resolve("host.json"); }
    public Path lockFile() { return drills.resolve("drill.lock"); }
    public Path dir(String id) { return drills.resolve(id); }
    public Path record(String id) { return dir(id).resolve("drill.json"); }

    public Optional<HostInfo> host() {
        return Files.isRegularFile(hostFile()) ? Optional.of(read(hostFile(), HostInfo.class)) : Optional.empty();
    }

    public void writeHost(HostInfo info) {
        write(hostFile(), info);
    }

    public void clearCurrent() {
        try {
            Files.deleteIfExists(hostFile());
            Files.deleteIfExists(current());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DrillRecord load(String id) {
        return read(record(id), DrillRecord.class);
    }

    public synchronized void save(DrillRecord drill) {
        synchronized (drill) {
            write(record(drill.id), drill);
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static void write(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
