package io.firedrill.traffic.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.firedrill.traffic.TrafficResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code traffic.json}, {@code traffic.md} and a standalone {@code traffic.html} (inline SVG, no network). */
public final class ReportWriter {

    public record Files3(Path json, Path markdown, Path html) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    public static Files3 write(TrafficResult result, Path dir) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve("traffic.json");
            Path md = dir.resolve("traffic.md");
            Path html = dir.resolve("traffic.html");
            Files.write(json, json(result));
            Files.writeString(md, markdown(result), StandardCharsets.UTF_8);
            Files.writeString(html, html(result), StandardCharsets.UTF_8);
            return new Files3(json, md, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the traffic report to " + dir + ": " + e.getMessage(), e);
        }
    }

    public static byte[] json(TrafficResult result) {
        try {
            return JSON.writeValueAsBytes(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrafficResult readJson(Path file) throws IOException {
        return JSON.readValue(file.toFile(), TrafficResult.class);
    }

    /** {@code traffic.md}. */
    public static String markdown(TrafficResult r) { return MarkdownReport.render(r); }

    /** {@code traffic.html}. */
    public static String html(TrafficResult r) { return HtmlReport.render(r); }
}
