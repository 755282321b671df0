package io.firedrill.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firedrill.stack.component.ServerSupport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code firedrill-stack bench}: cold start (empty home: database install, Kafka format) and warm restart to
 * all-healthy, and the resident memory of every server after a smoke round trip. Runs in its own home and
 * port block so a running stack is left alone.
 */
@Command(name = "bench", description = "Measure cold/warm start to all-healthy and RSS per component; write JSON + Markdown.")
final class StackBench implements Callable<Integer> {

    static final double GOAL_START_SECONDS = 60;
    static final double GOAL_RSS_MIB = 1536;

    @CommandLine.ParentCommand StackCli parent;

    @Option(names = "--output", defaultValue = "bench/results/stack", description = "Output path without extension (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--bench-port-base", defaultValue = "20000", description = "Port block of the bench stack (default ${DEFAULT-VALUE}).")
    int benchPortBase;

    @Override
    public Integer call() throws Exception {
        StackLayout base = parent.layout();
        Path home = base.home().resolveSibling(base.home().getFileName() + "-bench");
        StackLayout layout = new StackLayout(base.projectRoot(), home, new Ports(benchPortBase));
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        Stack stack = new Stack(layout, quiet);
        stack.down();
        ServerSupport.deleteRecursively(home);
        try {
            parent.out.println("bench: cold start in " + home);
            Stack.UpReport cold = stack.up();
            List<Smoke.Result> smoke = new Smoke(stack.endpoints(), Duration.ofSeconds(30)).runAll();
            Map<String, Long> rss = new LinkedHashMap<>();
            for (ComponentStatus s : stack.status()) {
                rss.put(s.component(), s.rssKib());
            }
            stack.down();
            parent.out.println("bench: warm restart");
            Stack.UpReport warm = stack.up();
            stack.down();

            long totalKib = rss.values().stream().mapToLong(Long::longValue).sum();
            double totalMib = totalKib / 1024.0;
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("measuredAt", Instant.now().toString());
            json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, java " + System.getProperty("java.version"));
            json.put("coldStartSeconds", round(cold.totalSeconds()));
            json.put("warmStartSeconds", round(warm.totalSeconds()));
            json.put("totalRssMiB", round(totalMib));
            json.put("smokePassed", smoke.stream().allMatch(Smoke.Result::passed));
            json.put("goalStartSeconds", GOAL_START_SECONDS);
            json.put("goalRssMiB", GOAL_RSS_MIB);
            json.put("meetsGoals", cold.totalSeconds() <= GOAL_START_SECONDS && totalMib <= GOAL_RSS_MIB);
            ObjectNode components = json.putObject("components");
            for (String name : rss.keySet()) {
                ObjectNode c = components.putObject(name);
                c.put("coldSecondsToHealthy", round(cold.secondsToHealthy().get(name)));
                c.put("warmSecondsToHealthy", round(warm.secondsToHealthy().get(name)));
                c.put("rssMiB", round(rss.get(name) / 1024.0));
            }
            Path root = base.projectRoot();
            Path jsonFile = root.resolve(output + ".json");
            Files.createDirectories(jsonFile.getParent());
            Files.writeString(jsonFile, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n");
            StringBuilder md = new StringBuilder("# Stack benchmark\n\n")
                    .append("Measured ").append(json.get("measuredAt").asText()).append(" on ").append(json.get("machine").asText())
                    .append(" by `make bench-stack`. Servers start in parallel; RSS read from /proc after a smoke round trip.\n\n")
                    .append(String.format("| | measured | goal |%n|---|---:|---:|%n"))
                    .append(String.format("| cold start to all-healthy (empty home) | %.1f s | ≤ %.0f s |%n", cold.totalSeconds(), GOAL_START_SECONDS))
                    .append(String.format("| warm restart to all-healthy | %.1f s | |%n", warm.totalSeconds()))
                    .append(String.format("| total RSS of the infrastructure | %.0f MiB | ≤ %.0f MiB |%n", totalMib, GOAL_RSS_MIB))
                    .append(String.format("| smoke round trip | %s | all pass |%n%n", json.get("smokePassed").asBoolean() ? "all pass" : "FAILED"))
                    .append("| component | cold s | warm s | RSS MiB | share of RSS |\n|---|---:|---:|---:|---:|\n");
            for (String name : rss.keySet()) {
                md.append(String.format("| %s | %.1f | %.1f | %.0f | %.0f%% |%n", name, cold.secondsToHealthy().get(name),
                        warm.secondsToHealthy().get(name), rss.get(name) / 1024.0, 100.0 * rss.get(name) / totalKib));
            }
            Files.writeString(root.resolve(output + ".md"), md.toString());
            parent.out.print(md);
            parent.out.println("bench: wrote " + jsonFile + " and .md");
            return json.get("meetsGoals").asBoolean() && json.get("smokePassed").asBoolean() ? 0 : 1;
        } finally {
            stack.down();
            ServerSupport.deleteRecursively(home);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
