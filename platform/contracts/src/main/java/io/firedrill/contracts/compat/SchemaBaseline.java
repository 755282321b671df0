package io.firedrill.contracts.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.contracts.SchemaCatalog;
import io.firedrill.contracts.compat.SchemaDrift.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The recorded copy of every published schema, kept beside the code so CI can tell a harmless edit from one
 * that strands consumers. Committed schemas come from the classpath ({@link SchemaCatalog}); the baseline is
 * a directory mirroring {@code schemas/}.
 */
public final class SchemaBaseline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaBaseline() {}

    /** Compares every committed schema with its recorded copy in {@code baselineDir}. */
    public static BaselineReport check(Path baselineDir) {
        List<SchemaDrift> drifts = new ArrayList<>();
        Set<String> committed = committedPaths();
        for (String path : committed) {
            Path recorded = baselineDir.resolve(path);
            if (!Files.exists(recorded)) {
                drifts.add(new SchemaDrift(path, Status.UNRECORDED, List.of()));
                continue;
            }
            String before = read(recorded);
            String now = SchemaCatalog.read(path);
            CompatibilityReport report = SchemaCompatibility.compare(before, now);
            if (!report.isCompatible()) {
                drifts.add(new SchemaDrift(path, Status.BREAKING, report.changes()));
            } else if (!tree(before, recorded.toString()).equals(tree(now, path))) {
                drifts.add(new SchemaDrift(path, Status.STALE, report.changes()));
            }
        }
        for (String path : recordedPaths(baselineDir)) {
            if (!committed.contains(path)) {
                drifts.add(new SchemaDrift(path, Status.REMOVED, List.of()));
            }
        }
        return new BaselineReport(drifts);
    }

    /**
     * Records every committed schema in {@code baselineDir} and forgets removed ones. Refuses when that would
     * record a breaking change, unless {@code acceptBreaking}: breaking a published version must be a decision.
     *
     * @return what was out of date before writing
     */
    public static BaselineReport write(Path baselineDir, boolean acceptBreaking) {
        BaselineReport report = check(baselineDir);
        if (!report.breaking().isEmpty() && !acceptBreaking) {
            throw new IllegalStateException("refusing to record breaking schema changes; publish a new version "
                    + "instead, or accept them explicitly:\n" + report.describe());
        }
        try {
            for (SchemaDrift drift : report.drifts()) {
                Path target = baselineDir.resolve(drift.path());
                if (drift.status() == Status.REMOVED) {
                    Files.delete(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, SchemaCatalog.read(drift.path()), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the schema baseline in " + baselineDir, e);
        }
        return report;
    }

    private static Set<String> committedPaths() {
        return SchemaCatalog.entries().stream()
                .map(SchemaCatalog.Entry::path)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> recordedPaths(Path baselineDir) {
        if (!Files.isDirectory(baselineDir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(baselineDir)) {
            return files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".json"))
                    .map(f -> baselineDir.relativize(f).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the schema baseline in " + baselineDir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode tree(String json, String source) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid JSON", e);
        }
    }
}
