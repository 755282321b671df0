package io.firedrill.traffic.cli;

import io.firedrill.traffic.LiveSnapshot;
import io.firedrill.traffic.Operation;
import io.firedrill.traffic.Outcome;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The live progress line, once a second: rewritten in place on a terminal, plain lines otherwise (CI logs, pipes).
 */
final class ProgressPrinter implements Consumer<LiveSnapshot> {

    enum Mode { AUTO, TTY, PLAIN, OFF }

    private final PrintStream out;
    private final boolean tty;
    private final boolean off;
    private boolean wroteInPlace;

    ProgressPrinter(PrintStream out, Mode mode) {
        this.out = out;
        this.off = mode == Mode.OFF;
        this.tty = mode == Mode.TTY || (mode == Mode.AUTO && onTerminal() && System.getenv("CI") == null
                && !"dumb".equals(System.getenv("TERM")));
    }

    /**
     * Whether this process talks to a terminal. Up to JDK 21 {@code System.console()} is null unless stdin and stdout
     * are one; from JDK 22 it may return a console when they are redirected too, and only {@code Console.isTerminal()}
     * (JDK 22+, so called reflectively on this Java 17 code) tells.
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        Method isTerminal;
        try {
            isTerminal = Console.class.getMethod("isTerminal");
        } catch (NoSuchMethodException e) {
            return true;
        }
        try {
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Cannot tell: plain lines are readable anywhere, carriage returns only on a terminal.
            return false;
        }
    }

    @Override
    public void accept(LiveSnapshot s) {
        if (off || s.finished()) {
            return;
        }
        String line = line(s);
        if (tty) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
            wroteInPlace = true;
        } else {
            out.println(line);
        }
    }

    /** Ends the in-place line so the summary starts on a fresh one. */
    void finish() {
        if (wroteInPlace) {
            out.println();
            wroteInPlace = false;
        }
    }

    static String line(LiveSnapshot s) {
        StringBuilder b = new StringBuilder(160);
        b.append(String.format(Locale.ROOT, "[%5.0f/%.0fs] target %.0f/s sent %.0f/s in-flight %d dropped %d",
                s.elapsedSeconds(), s.plannedSeconds(), s.targetRate(), s.achievedRate(), s.inFlight(), s.dropped()));
        appendP99(b, s, Operation.CHECKOUT_ACCEPTED, "checkout");
        appendP99(b, s, Operation.CHECKOUT_COMPLETED, "e2e");
        appendP99(b, s, Operation.ORDER_LOOKUP, "lookup");
        appendP99(b, s, Operation.REQUEST, "request");
        long declines = s.operations().values().stream().mapToLong(o -> o.count(Outcome.BUSINESS_DECLINE)).sum();
        b.append(String.format(Locale.ROOT, " | errors %.2f%%", s.errorRate() * 100));
        if (declines > 0) {
            b.append(" declines ").append(declines);
        }
        return b.toString();
    }

    private static void appendP99(StringBuilder b, LiveSnapshot s, Operation op, String label) {
        LiveSnapshot.Op o = s.operations().get(op);
        if (o != null && o.lastSecondCount() > 0) {
            b.append(b.indexOf("|") < 0 ? " | p99 " : " ").append(label).append(' ').append(fmtMs(o.lastSecondP99Ms()));
        }
    }

    static String fmtMs(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2fs", ms / 1000) : String.format(Locale.ROOT, "%.1fms", ms);
    }
}
