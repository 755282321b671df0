package io.firedrill.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.chaos.core.Durations;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.drill.client.DrillClient;
import io.firedrill.drill.host.DrillEngine;
import io.firedrill.drill.host.DrillHost;
import io.firedrill.drill.host.Recovery;
import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import io.firedrill.drill.report.History;
import io.firedrill.drill.responder.ReferenceResponder;
import io.firedrill.stack.AdminToken;
import io.firedrill.stack.Stack;
import io.firedrill.stack.StackLayout;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code firedrill-drill}: runbook-driven incident drills. {@code start} launches a background drill host and returns
 * once the hidden fault is injected; every other subcommand is a thin client of the host's loopback API. Exit 0 done,
 * 1 refused or failed, 2 usage.
 */
@Command(name = "firedrill-drill", mixinStandardHelpOptions = true, version = "firedrill-drill 0.1.0",
        description = {"Runbook-driven incident drills: a hidden fault is injected with a chaos scenario's own method under "
                + "steady checkout traffic, the real alert pages you, and you acknowledge, diagnose and mitigate with the "
                + "runbooks. Mitigation is detected (steady-state probes, invariants, resolved alerts), never declared; the "
                + "drill scores TTA, TTD, TTM, hints, wrong diagnoses and impact, and drafts the postmortem.",
                "", "Typical session: start, then pager in one terminal and ack / run / diagnose in another; status any time.",
                "Reports: .firedrill/drills/<id>/ (report.json, report.md, report.html, postmortem.md); history: .firedrill/drills/index.html."},
        subcommands = {DrillCli.Start.class, DrillCli.Status.class, DrillCli.Pager.class, DrillCli.Ack.class, DrillCli.Diagnose.class,
                DrillCli.Hint.class, DrillCli.Run.class, DrillCli.Note.class, DrillCli.Abort.class, DrillCli.HistoryCmd.class,
                DrillCli.Respond.class, DrillCli.Figures.class, DrillCli.Truth.class, DrillCli.SecondFault.class, CommandLine.HelpCommand.class})
public final class DrillCli implements Callable<Integer> {

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
        CommandLine cli = new CommandLine(new DrillCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                System.err.println("firedrill-drill: " + e.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            if (e instanceof DrillClient.DrillApiException api) {
                System.err.println("firedrill-drill: " + e.getMessage());
                return api.status() == 400 ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
            }
            if (e instanceof NoDrillException || e instanceof io.firedrill.stack.StackException) {
                System.err.println("firedrill-drill: " + e.getMessage());
                return CommandLine.ExitCode.SOFTWARE;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** No drill is running (or its host is gone). */
    static final class NoDrillException extends RuntimeException {
        NoDrillException(String message) { super(message); }
    }

    /** The stack layout, the drill files, and a client of the running host (finishing an interrupted drill first). */
    static final class Session {
        final StackLayout layout = StackLayout.defaults();
        final DrillFiles files = DrillFiles.under(layout.home());

        Optional<DrillRecord> recover() {
            Optional<DrillRecord> finished = Recovery.finishInterrupted(files, new Stack(layout, System.out), System.out);
            finished.ifPresent(d -> System.out.println("drill " + d.id + " finished as aborted; reports in " + files.dir(d.id)));
            return finished;
        }

        DrillClient client() {
            Optional<DrillFiles.HostInfo> host = files.host();
            if (host.isEmpty() || !Recovery.hostAlive(files)) {
                recover();
                throw new NoDrillException("no drill is running (`firedrill-drill start`, or `make drill`)");
            }
            return new DrillClient(host.get().port(), AdminToken.read(layout));
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start a drill: launches the background drill host and returns once the fault is injected (or refuses: "
                    + "a drill already running, the services not up, the steady state not holding; nothing is injected then).",
                    "Blind by default: you are told only that you are on call."})
    static final class Start implements Callable<Integer> {
        @Option(names = "--scenario", defaultValue = "random", paramLabel = "NAME|random|control",
                description = "A scenario of chaos/scenarios (`firedrill-chaos list`), `control` (no fault) or `random` "
                        + "(seeded; may draw a no-fault control). Default ${DEFAULT-VALUE}.")
        String scenario;

        @Option(names = "--seed", description = "Seed of the random pick and the background traffic (default: the clock).")
        Long seed;

        @Option(names = "--player", defaultValue = "${env:USER:-player}", description = "Who is on call (default ${DEFAULT-VALUE}).")
        String player;

        @Option(names = "--time-limit", defaultValue = "20m", description = "Mitigate within this (e.g. 20m, 300s). Default ${DEFAULT-VALUE}.")
        String timeLimit;

        @Option(names = "--blind", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Hide the scenario until the end (default; --no-blind shows it).")
        boolean blind;

        @Option(names = "--game-master", description = "Game-master mode: `status` and `truth` show the truth; `second-fault` may inject another scenario mid-drill.")
        boolean gameMaster;

        @Option(names = "--rate", defaultValue = "1", description = "Background checkouts per second for the whole drill (default ${DEFAULT-VALUE}).")
        double rate;

        @Override
        public Integer call() throws Exception {
            Session s = new Session();
            s.recover();
            if (Recovery.hostAlive(s.files) && finishing(s.files)) {
                Recovery.awaitHostGone(s.files, Duration.ofSeconds(15));
            }
            if (Recovery.hostAlive(s.files)) {
                System.err.println("firedrill-drill: a drill is already running (" + s.files.host().map(DrillFiles.HostInfo::id).orElse("?")
                        + "): `firedrill-drill status`, or `firedrill-drill abort` it; nothing was injected");
                return 1;
            }
            List<String> names = ScenarioFile.names(s.layout.projectRoot());
            if (!scenario.equals("random") && !scenario.equals(DrillEngine.CONTROL) && !names.contains(scenario)) {
                throw new IllegalArgumentException("unknown scenario '" + scenario + "'; known: " + String.join(", ", names)
                        + ", control, random");
            }
            if (names.contains(scenario)) {
                Scenario picked = ScenarioFile.load(s.layout.projectRoot(), scenario).scenario();
                if (!picked.drillable()) {
                    throw new IllegalArgumentException("scenario '" + scenario + "' is not drillable: " + picked.notDrillable().strip()
                            + "; drillable: " + String.join(", ", DrillEngine.drillableNames(s.layout.projectRoot())) + ", control, random");
                }
            }
            Durations.parse(timeLimit);
            if (rate <= 0 || rate > 20) {
                throw new IllegalArgumentException("--rate must be in (0, 20]");
            }
            if (!player.matches("[A-Za-z0-9._@-]{1,40}")) {
                throw new IllegalArgumentException("--player is 1 to 40 letters, digits or ._@-");
            }
            DrillRecord drill = new DrillRecord();
            drill.startedAt = Instant.now();
            drill.id = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(drill.startedAt) + "-" + player;
            drill.player = player;
            drill.scenario = scenario;
            drill.seed = seed != null ? seed : drill.startedAt.toEpochMilli() % 100_000;
            drill.timeLimit = timeLimit;
            drill.blind = blind;
            drill.gameMaster = gameMaster;
            s.files.save(drill);
            Path log = s.files.dir(drill.id).resolve("host.log");
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                command.add("/usr/bin/setsid"); // its own session: Ctrl-C in this terminal never reaches the host
            }
            command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx384m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("firedrill.drill.classpath", System.getProperty("java.class.path")), DrillHost.class.getName(), drill.id, Double.toString(rate)));
            Process host = new ProcessBuilder(command).directory(s.layout.projectRoot().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true).start();
            System.out.println("firedrill-drill: starting drill " + drill.id + " (player " + player + "); checking the stack, "
                    + "starting traffic and injecting...");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
                DrillRecord now = s.files.load(drill.id);
                if (now.phase == DrillRecord.Phase.refused || now.phase == DrillRecord.Phase.finished) {
                    System.err.println("firedrill-drill: refused: " + now.reason);
                    return 1;
                }
                if (now.phase == DrillRecord.Phase.running) {
                    System.out.println("You are on call. Something may be wrong with the shop, or not.");
                    if (!now.blind || now.gameMaster) {
                        System.out.println("  scenario: " + now.scenario + (now.truth == null ? "" : " — " + now.truth.title()));
                    }
                    System.out.println("  time limit " + now.timeLimit + "; drill " + now.id + ", API on 127.0.0.1:" + now.port);
                    System.out.println("  watch the pager: bin/firedrill-drill pager   (then ack, run RUNBOOK#SECTION, diagnose ID, hint, note, status, abort)");
                    return 0;
                }
                if (!host.isAlive() && now.phase == DrillRecord.Phase.starting) {
                    System.err.println("firedrill-drill: the drill host exited during start (exit " + host.exitValue() + "); see " + log);
                    s.recover();
                    return 1;
                }
            }
            System.err.println("firedrill-drill: the drill host did not report running within 5 min; see " + log);
            return 1;
        }
    }

    /** The current drill has ended and its host is only keeping the API up for the last reads. */
    static boolean finishing(DrillFiles files) {
        return files.host().map(h -> {
            try {
                return files.load(h.id()).finished();
            } catch (RuntimeException unreadable) {
                return false;
            }
        }).orElse(true);
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The running drill's state (or the last one's); finishes an interrupted drill's rollbacks first.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--json", description = "Print the API's JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Session s = new Session();
            s.recover();
            if (!Recovery.hostAlive(s.files) || s.files.host().isEmpty()) {
                List<DrillRecord> drills = History.drills(s.files);
                System.out.println("no drill is running" + (drills.isEmpty() ? "" : "; the last one:"));
                if (!drills.isEmpty()) {
                    System.out.print(History.table(drills.subList(drills.size() - 1, drills.size())));
                }
                return 0;
            }
            JsonNode status = s.client().status();
            if (json) {
                System.out.println(DrillFiles.JSON.writeValueAsString(status));
                return 0;
            }
            System.out.printf("drill %s  player %s  phase %s%s%n", status.path("id").asText(), status.path("player").asText(),
                    status.path("phase").asText(), status.path("outcome").isNull() ? "" : " (" + status.path("outcome").asText() + ")");
            System.out.printf("scenario %s  started %s  time limit %s%n", status.path("scenario").asText(), status.path("startedAt").asText(),
                    status.path("timeLimit").asText());
            System.out.printf("pages %d  acknowledged %s  diagnosis %s  hints %d  commands %d  notes %d%n", status.path("pages").asInt(),
                    status.path("ackAt").isNull() ? "no" : "yes (TTA " + status.path("ttaSeconds").asText() + " s)",
                    status.path("correctDiagnosis").asBoolean() ? "correct" : status.path("diagnoses").asInt() + " submitted, none correct",
                    status.path("hintsUsed").asInt(), status.path("commands").asInt(), status.path("notes").asInt());
            if (status.has("truth")) {
                System.out.println("truth: " + status.path("truth").path("rootCause").asText() + " ids " + status.path("truth").path("diagnosis"));
            }
            return 0;
        }
    }

    @Command(name = "pager", mixinStandardHelpOptions = true,
            description = "Print pages live as they arrive (alert, severity, summary, runbook_url, dashboard) until the drill ends; "
                    + "Ctrl-C stops the pager only, never the drill.")
    static final class Pager implements Callable<Integer> {
        @Option(names = "--once", description = "Print the pages so far and exit.")
        boolean once;

        @Override
        public Integer call() throws Exception {
            DrillClient client = new Session().client();
            int from = 0;
            System.out.println("pager: on call; waiting for pages (Ctrl-C leaves the pager, the drill goes on)");
            while (true) {
                JsonNode answer;
                try {
                    answer = client.pages(from);
                } catch (DrillClient.DrillApiException gone) {
                    System.out.println("pager: the drill has ended (`firedrill-drill history`)");
                    return 0;
                }
                for (JsonNode p : answer.path("pages")) {
                    System.out.println(pageLine(p));
                }
                from = answer.path("next").asInt(from);
                if (once) {
                    return 0;
                }
                if (answer.path("phase").asText().equals("finished")) {
                    System.out.println("pager: the drill has ended (`firedrill-drill history`)");
                    return 0;
                }
                Thread.sleep(1000);
            }
        }

        static String pageLine(JsonNode p) {
            String time = p.path("receivedAt").asText();
            time = time.length() >= 19 ? time.substring(11, 19) : time;
            return String.format(Locale.ROOT, "%s %-8s [%s] %s — %s — runbook %s%s", time, p.path("status").asText().toUpperCase(Locale.ROOT),
                    p.path("severity").asText(), p.path("alert").asText(), p.path("summary").asText(), p.path("runbookUrl").asText(),
                    p.path("dashboard").asText().isBlank() ? "" : " — dashboard " + p.path("dashboard").asText());
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge the page (stops the TTA clock).")
    static final class Ack implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode a = new Session().client().ack();
            System.out.println("acknowledged at " + a.path("acknowledgedAt").asText() + " (TTA " + a.path("ttaSeconds").asText() + " s)");
            return 0;
        }
    }

    @Command(name = "diagnose", mixinStandardHelpOptions = true,
            description = "Submit a diagnosis id (runbooks name them: `Diagnosis id: ...` in a Diagnosis section; `none` for nothing broken). "
                    + "A wrong one costs 5 points.")
    static final class Diagnose implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "e.g. inventory.confirm-guard-off")
        String id;

        @Override
        public Integer call() {
            JsonNode d = new Session().client().diagnose(id);
            System.out.println(d.path("correct").asBoolean() ? "diagnosis " + id + ": correct" : "diagnosis " + id + ": not the root cause");
            return 0;
        }
    }

    @Command(name = "hint", mixinStandardHelpOptions = true, description = "Take the next hint (progressive; each costs 5 points).")
    static final class Hint implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode h = new Session().client().hint();
            System.out.println("hint " + h.path("hintsUsed").asInt() + ": " + h.path("hint").asText() + " (cost " + h.path("cost").asInt() + ")");
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a runbook section's ```bash runnable blocks through the drill's audited executor (command, start, "
                    + "exit code and output recorded). A section without a runnable block is an error.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "RUNBOOK#SECTION", description = "e.g. runbooks/oversell.md#diagnosis (or oversell#diagnosis)")
        String ref;

        @Override
        public Integer call() {
            JsonNode r = new Session().client().run(ref);
            int worst = 0;
            for (JsonNode c : r.path("commands")) {
                System.out.println("$ " + c.path("command").asText().replace("\n", "\n  "));
                System.out.println(c.path("output").asText().stripTrailing());
                System.out.println("[exit " + c.path("exitCode").asInt() + "]");
                worst = Math.max(worst, c.path("exitCode").asInt() == 0 ? 0 : 1);
            }
            return worst;
        }
    }

    @Command(name = "note", mixinStandardHelpOptions = true, description = "Add a note to the drill's timeline.")
    static final class Note implements Callable<Integer> {
        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The note.")
        List<String> text;

        @Override
        public Integer call() {
            new Session().client().note(String.join(" ", text));
            System.out.println("noted");
            return 0;
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Abort the drill: its rollbacks run, it is scored as aborted, and the reports are written.")
    static final class Abort implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Session s = new Session();
            DrillClient client = s.client();
            String id = client.status().path("id").asText();
            client.abort();
            System.out.println("aborting drill " + id + ": running the rollbacks...");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (Instant.now().isBefore(deadline)) {
                DrillRecord d = s.files.load(id);
                if (d.phase == DrillRecord.Phase.finished) {
                    Recovery.awaitHostGone(s.files, Duration.ofSeconds(15));
                    System.out.println("aborted; rollbacks " + (d.rollbacksDone ? "done" : "NOT done") + "; reports in " + s.files.dir(id));
                    return 0;
                }
                Thread.sleep(500);
            }
            System.err.println("firedrill-drill: the host did not finish within 5 min; `status` finishes the rollbacks if it died");
            return 1;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Every finished drill: player, scenario, date, TTA/TTD/TTM and score; writes .firedrill/drills/index.html.")
    static final class HistoryCmd implements Callable<Integer> {
        @Override
        public Integer call() {
            Session s = new Session();
            System.out.print(History.table(History.drills(s.files)));
            System.out.println("index: " + History.writeIndex(s.files));
            return 0;
        }
    }

    @Command(name = "respond", mixinStandardHelpOptions = true,
            description = "Play the running drill as the reference responder: wait for the page, ack, follow its runbook_url, run the "
                    + "runbook's #diagnosis, submit its `Diagnosis id:`, run its #mitigation, wait for the end.")
    static final class Respond implements Callable<Integer> {
        @Option(names = "--timeout", defaultValue = "25m", description = "Give up after this (default ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        public Integer call() throws Exception {
            Session s = new Session();
            ReferenceResponder.Result result = new ReferenceResponder(s.client(), s.layout.projectRoot(), System.out)
                    .respond(Durations.parse(timeout));
            System.out.println("outcome: " + result.outcome());
            return "mitigated".equals(result.outcome()) || "control_completed".equals(result.outcome()) ? 0 : 1;
        }
    }

    @Command(name = "figures", mixinStandardHelpOptions = true,
            description = "Per scenario, the latest drill of a player (default the reference responder): TTA, TTD, TTM beside each "
                    + "expected alert's page delay and pipeline floor; --write puts it in bench/results/drills.md.")
    static final class Figures implements Callable<Integer> {
        @Option(names = "--player", defaultValue = "reference", description = "Whose drills (default ${DEFAULT-VALUE}).")
        String player;

        @Option(names = "--write", description = "Write bench/results/drills.md instead of printing.")
        boolean write;

        @Override
        public Integer call() throws Exception {
            Session s = new Session();
            String md = History.figures(History.drills(s.files), player);
            if (write) {
                Path out = s.layout.projectRoot().resolve("bench/results/drills.md");
                Files.writeString(out, md);
                System.out.println("wrote " + out);
            } else {
                System.out.print(md);
            }
            return 0;
        }
    }

    @Command(name = "truth", mixinStandardHelpOptions = true, description = "Game master: the running drill's truth (scenario, root cause, diagnosis ids).")
    static final class Truth implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            System.out.println(DrillFiles.JSON.writeValueAsString(new Session().client().truth()));
            return 0;
        }
    }

    @Command(name = "second-fault", mixinStandardHelpOptions = true,
            description = "Game master: inject a second scenario's faults (its defect mode) mid-drill; its rollbacks run at the end.")
    static final class SecondFault implements Callable<Integer> {
        @Parameters(paramLabel = "SCENARIO", description = "A scenario of chaos/scenarios other than the drill's.")
        String scenario;

        @Override
        public Integer call() {
            JsonNode r = new Session().client().secondFault(scenario);
            System.out.println("second fault " + scenario + (r.path("ok").asBoolean() ? " injected" : " partly injected (see the timeline)"));
            return 0;
        }
    }
}
