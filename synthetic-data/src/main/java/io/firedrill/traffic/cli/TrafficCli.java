package io.firedrill.traffic.cli;

import io.firedrill.traffic.TrafficException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code firedrill-traffic}: exit 0 pass, 1 threshold breached, 2 usage error or the run could not start, 3 the run
 * failed unexpectedly. This class is the tool's entry point and its exit-code mapping; each subcommand is its own
 * class ({@link RunCommand}, {@link GenerateCommand}, {@link ProfilesCommand}, {@link ReportCommand},
 * {@link MaxRateCommand}).
 */
@Command(name = "firedrill-traffic", mixinStandardHelpOptions = true, version = "firedrill-traffic 0.1.0",
        description = {"Seeded synthetic shoppers and an open-model traffic generator for Firedrill.",
                "Requests start on schedule whatever the response time; latency is measured from each request's intended "
                        + "start (coordinated-omission corrected) into HdrHistograms per operation.",
                "",
                "Exit codes: 0 pass, 1 a threshold was breached, 2 usage error or the run could not start "
                        + "(unknown profile, bad rate or duration, unreachable target, unreadable file), 3 the run failed "
                        + "unexpectedly (one line on stderr; --verbose adds the stack trace)."},
        subcommands = {RunCommand.class, GenerateCommand.class, ProfilesCommand.class, ReportCommand.class, MaxRateCommand.class,
                CommandLine.HelpCommand.class})
public final class TrafficCli implements Callable<Integer> {

    static final int PASS = 0;
    static final int BREACHED = 1;
    static final int USAGE = 2;
    static final int FAILED = 3;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On an unexpected failure (exit 3), print the stack trace too.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(new CommandLine(new TrafficCli()), args, out, err);
    }

    /** Runs {@code cli} (this command, possibly with more subcommands) with the exit-code mapping of the tool. */
    static int execute(CommandLine cli, String[] args, PrintStream out, PrintStream err) {
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, verbose(parseResult), err));
        return cli.execute(args);
    }

    /**
     * Bad input, an unreachable target or an unreadable file is the user's to fix: exit 2 with the reason. Anything
     * else (a failure once the run started, a bug) exits 3 so that it is never taken for a breached threshold (1);
     * one line either way, the stack trace only with {@code --verbose}.
     */
    static int failure(Exception e, boolean verbose, PrintStream err) {
        if (!(e instanceof java.util.concurrent.CompletionException)
                && (e instanceof IllegalArgumentException || e instanceof TrafficException || e instanceof UncheckedIOException
                    || e instanceof IOException)) {
            err.println("firedrill-traffic: " + oneLine(e.getMessage()));
            return USAGE;
        }
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        err.println("firedrill-traffic: unexpected failure: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + oneLine(cause.getMessage()))
                + (verbose ? "" : " (--verbose prints the stack trace)"));
        if (verbose) {
            cause.printStackTrace(err);
        }
        return FAILED;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
