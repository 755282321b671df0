package io.firedrill.traffic.cli;

import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.report.ReportWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code report}: re-renders the Markdown and HTML reports from a run's traffic.json. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Re-render traffic.md and traffic.html from a traffic.json.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "A traffic.json written by a run.")
    Path from;

    @Option(names = {"-o", "--out"}, description = "Directory to write into. Default: the directory of --from.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(from)) {
            throw new IllegalArgumentException("no such file: " + from);
        }
        TrafficResult result;
        try {
            result = ReportWriter.readJson(from);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(from + " is not a traffic.json written by a run: " + e.getOriginalMessage());
        }
        if (result == null || result.run() == null || result.rates() == null || result.operations() == null
                || result.timeline() == null) {
            throw new IllegalArgumentException(from + " is not a traffic.json written by a run (no run, rates, operations "
                    + "or timeline)");
        }
        Path dir = out != null ? out : from.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("traffic.md"), ReportWriter.markdown(result), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("traffic.html"), ReportWriter.html(result), StandardCharsets.UTF_8);
        System.out.println("wrote " + dir.resolve("traffic.md") + ", " + dir.resolve("traffic.html"));
        return TrafficCli.PASS;
    }
}
