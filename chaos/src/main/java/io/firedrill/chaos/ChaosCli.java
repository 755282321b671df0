package io.firedrill.chaos;

import io.firedrill.chaos.catalog.CatalogTable;
import io.firedrill.chaos.catalog.FaultCatalog;
import io.firedrill.chaos.core.AlertSinkClient;
import io.firedrill.chaos.levers.LeverTable;
import io.firedrill.chaos.report.NightlySummary;
import io.firedrill.chaos.report.Reports;
import io.firedrill.chaos.runner.Journal;
import io.firedrill.chaos.runner.PipelineFloor;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.chaos.runner.ScenarioRunner;
import io.firedrill.stack.Stack;
import io.firedrill.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firedrill-chaos}: run an incident scenario against the running stack. Exit 0 passed, 1 failed, 2 usage. */
@Command(name = "firedrill-chaos", mixinStandardHelpOptions = true, version = "firedrill-chaos 0.1.0",
        description = "Reproduces Firedrill's incidents: injects the faults of a scenario under traffic, checks the "
                + "expected alerts fire and resolve, checks business invariants, and always rolls back.",
        subcommands = {ChaosCli.ListScenarios.class, ChaosCli.Run.class, ChaosCli.Nightly.class, ChaosCli.Levers.class,
                ChaosCli.Catalog.class, ChaosCli.Export.class, CommandLine.HelpCommand.class})
public final class ChaosCli implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return CommandLine.ExitCode.USAGE;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new ChaosCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                System.err.println("firedrill-chaos: " + e.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            if (e instanceof io.firedrill.stack.StackException) {
                System.err.println("firedrill-chaos: " + e.getMessage());
                return CommandLine.ExitCode.SOFTWARE;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Command(name = "list", description = "List the scenarios and their modes.")
    static final class ListScenarios implements Callable<Integer> {
        @Override
        public Integer call() {
            Path root = StackLayout.locateProjectRoot(Path.of(""));
            for (String name : ScenarioFile.names(root)) {
                ScenarioFile file = ScenarioFile.load(root, name);
                System.out.printf("%-24s %-22s %s%n", name, String.join("|", file.scenario().modes().keySet()), file.scenario().title());
            }
            return 0;
        }
    }

    @Command(name = "run", description = "Run one scenario in one mode; writes journal.json, report.md and report.html.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "SCENARIO", description = "A folder name under chaos/scenarios (see `list`).")
        String scenario;

        @Option(names = "--mode", defaultValue = "defect", description = "Mode of the scenario, e.g. defect or defended (default ${DEFAULT-VALUE}).")
        String mode;

        @Option(names = "--output", description = "Report folder (default .firedrill/chaos/<scenario>-<mode>-<time>).")
        Path output;

        @Override
        public Integer call() throws Exception {
            StackLayout layout = StackLayout.defaults();
            ScenarioFile file = ScenarioFile.load(layout.projectRoot(), scenario);
            if (!file.scenario().modes().containsKey(mode)) {
                throw new IllegalArgumentException("scenario '" + scenario + "' has no mode '" + mode + "'; known: "
                        + String.join(", ", file.scenario().modes().keySet()));
            }
            Path dir = output != null ? output : layout.home().resolve("chaos").resolve(scenario + "-" + mode + "-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(java.time.Instant.now()));
            System.out.println("firedrill-chaos: " + file.scenario().title() + " [" + mode + "]");
            Journal journal = new ScenarioRunner(new Stack(layout, System.out), System.out).run(file, mode);
            Reports.write(journal, dir);
            System.out.println("status: " + journal.status + (journal.deviated ? " (deviated)" : "")
                    + (journal.reason == null ? "" : ": " + journal.reason));
            System.out.println("reports: " + dir.resolve("report.md") + " , " + dir.resolve("report.html"));
            return journal.status == Journal.Status.completed ? 0 : 1;
        }
    }

    @Command(name = "nightly", description = "Run every scenario in every mode (with its traffic), one after the other; writes "
            + "each run's reports plus summary.md, summary.json, index.html, junit.xml and badge.svg. Exit 0 when every run passed.")
    static final class Nightly implements Callable<Integer> {
        @Option(names = "--output", description = "Summary folder (default .firedrill/nightly).")
        Path output;

        @Option(names = "--only", split = ",", description = "Only these scenarios (default: all of `list`).")
        List<String> only;

        @Override
        public Integer call() throws Exception {
            StackLayout layout = StackLayout.defaults();
            Path dir = output != null ? output : layout.home().resolve("nightly");
            List<String> names = ScenarioFile.names(layout.projectRoot());
            if (only != null) {
                for (String name : only) {
                    if (!names.contains(name)) {
                        throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", names));
                    }
                }
                names = names.stream().filter(only::contains).toList();
            }
            Stack stack = new Stack(layout, System.out);
            io.firedrill.stack.Endpoints endpoints = stack.endpoints();
            PipelineFloor floor = PipelineFloor.read(endpoints.prometheusUrl(), endpoints.alertmanagerUrl());
            AlertSinkClient sink = new AlertSinkClient(endpoints.alertSinkUrl());
            java.time.Instant started = java.time.Instant.now();
            List<NightlySummary.Run> runs = new java.util.ArrayList<>();
            for (String name : names) {
                ScenarioFile file = ScenarioFile.load(layout.projectRoot(), name);
                for (String mode : modes(file)) {
                    System.out.println("== " + name + " [" + mode + "]");
                    Journal journal = new ScenarioRunner(stack, System.out).run(file, mode);
                    Reports.write(journal, dir.resolve(name + "-" + mode));
                    runs.add(NightlySummary.of(journal, name + "-" + mode, floor, sink));
                    System.out.println("   " + journal.status + (journal.reason == null ? "" : ": " + journal.reason));
                    NightlySummary.write(runs, started, dir); // a summary after every run: a killed nightly still reports
                }
            }
            long failed = runs.stream().filter(r -> !r.passed()).count();
            System.out.printf("nightly: %d of %d runs passed; summary %s%n", runs.size() - failed, runs.size(), dir.resolve("index.html"));
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "levers", description = "Print the table of every service's runtime lever (/admin/settings); with "
            + "--write, replace it in chaos/README.md (`make chaos-levers`).")
    static final class Levers implements Callable<Integer> {
        @Option(names = "--write", description = "Rewrite the table in chaos/README.md instead of printing it.")
        boolean write;

        @Override
        public Integer call() throws Exception {
            if (!write) {
                System.out.print(LeverTable.markdown());
                return 0;
            }
            Path readme = StackLayout.locateProjectRoot(Path.of("")).resolve("chaos").resolve("README.md");
            LeverTable.write(readme);
            System.out.println("firedrill-chaos: wrote the lever table in " + readme);
            return 0;
        }
    }

    @Command(name = "catalog", description = "Print the fault catalog (chaos/faults.json): per scenario its levers, components, "
            + "expected and forbidden alerts, SLOs, root cause, runbook section and diagnosis ids, from the scenarios' fault "
            + "blocks; with --write, rewrite chaos/faults.json and the table in chaos/README.md (`make chaos-catalog`).")
    static final class Catalog implements Callable<Integer> {
        @Option(names = "--write", description = "Rewrite chaos/faults.json and chaos/README.md's table instead of printing.")
        boolean write;

        @Override
        public Integer call() throws Exception {
            Path root = StackLayout.locateProjectRoot(Path.of(""));
            FaultCatalog catalog = FaultCatalog.load(root);
            if (!write) {
                System.out.print(catalog.json());
                return 0;
            }
            Files.writeString(root.resolve(FaultCatalog.FILE), catalog.json());
            CatalogTable.write(root.resolve("chaos/README.md"), catalog);
            System.out.println("firedrill-chaos: wrote " + catalog.faults().size() + " faults to " + root.resolve(FaultCatalog.FILE)
                    + " and the table in " + root.resolve("chaos/README.md"));
            return 0;
        }
    }

    @Command(name = "export", description = "Write a scenario's levers as Kubernetes resources for a cluster installed with "
            + "deploy/helm/firedrill (docs/kubernetes.md): PodChaos for kills, NetworkChaos for the replica delay, JVMChaos for "
            + "chaos-monkey assaults, a Job for the settings calls (rollbacks included), Schedule and CronJob with --schedule. Actions without an "
            + "equivalent are listed (on standard error, and at the head of the YAML), never half exported; exit 0.")
    static final class Export implements Callable<Integer> {
        @Parameters(paramLabel = "SCENARIO", description = "A folder name under chaos/scenarios (see `list`).")
        String scenario;

        @Option(names = "--target", required = true, description = "What to export to; only chaos-mesh.")
        String target;

        @Option(names = "--mode", defaultValue = "defect", description = "Mode of the scenario (default ${DEFAULT-VALUE}).")
        String mode;

        @Option(names = "--release", defaultValue = "firedrill", description = "Helm release of the chart (default ${DEFAULT-VALUE}).")
        String release;

        @Option(names = "--namespace", defaultValue = "firedrill", description = "Its namespace (default ${DEFAULT-VALUE}).")
        String namespace;

        @Option(names = "--schedule", description = "Cron schedule (e.g. '0 3 * * *', the nightly): Schedule and CronJob resources.")
        String schedule;

        @Option(names = "--fault-duration", defaultValue = "60s", description = "How long a NetworkChaos lasts and the Job "
                + "waits before its rollbacks (default ${DEFAULT-VALUE}).")
        String faultDuration;

        @Option(names = "--job-image", defaultValue = "curlimages/curl", description = "Image of the settings Job, with sh and curl "
                + "(default ${DEFAULT-VALUE}).")
        String jobImage;

        @Option(names = "--admin-secret", description = "Secret with the admin token (key admin-token), when the chart was "
                + "installed with credentials.existingSecret (default <release>-credentials).")
        String adminSecret;

        @Option(names = "--output", description = "Write the YAML here instead of standard output.")
        Path output;

        @Override
        public Integer call() throws Exception {
            if (!"chaos-mesh".equals(target)) {
                throw new IllegalArgumentException("unknown export target '" + target + "'; known: chaos-mesh");
            }
            Path root = StackLayout.locateProjectRoot(Path.of(""));
            ScenarioFile file = ScenarioFile.load(root, scenario);
            var options = new io.firedrill.chaos.export.ChaosMeshExport.Options(release, namespace, schedule,
                    io.firedrill.chaos.export.ChaosMeshExport.duration(faultDuration), jobImage, adminSecret);
            var result = new io.firedrill.chaos.export.ChaosMeshExport(root, options).export(file, mode);
            String yaml = result.yaml(scenario + " [" + mode + "]" + (schedule == null ? "" : " on '" + schedule + "'"));
            if (output == null) {
                System.out.print(yaml);
            } else {
                if (output.getParent() != null) {
                    Files.createDirectories(output.getParent());
                }
                Files.writeString(output, yaml);
                System.err.println("firedrill-chaos: wrote " + result.resources().size() + " resources to " + output);
            }
            if (!result.skipped().isEmpty()) {
                System.err.println("firedrill-chaos: not exported (no Chaos Mesh equivalent):");
                result.skipped().forEach(s -> System.err.println("  " + s));
            }
            return 0;
        }
    }

    static List<String> modes(ScenarioFile file) {
        return List.copyOf(file.scenario().modes().keySet());
    }
}
