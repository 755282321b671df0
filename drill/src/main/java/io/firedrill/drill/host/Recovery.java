package io.firedrill.drill.host;

import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.core.Timeline;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.chaos.runner.ActivityExecutor;
import io.firedrill.chaos.runner.Journal;
import io.firedrill.chaos.runner.Rollbacks;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import io.firedrill.stack.Stack;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/**
 * Finishes a drill whose host died (kill -9, a crash, the machine): the host holds {@code drills/drill.lock} for its
 * whole life, so a {@code current/} drill whose lock is free has no host. Its owed rollbacks run here (the scenario's,
 * and a game master's second fault's), the drill is marked aborted and its reports are written. {@code start} and
 * {@code status} call this first.
 */
public final class Recovery {

    private Recovery() {}

    /** True when a drill host holds the lock (a drill is running). */
    public static boolean hostAlive(DrillFiles files) {
        try {
            Files.createDirectories(files.drills());
            try (FileChannel channel = FileChannel.open(files.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    return true;
                }
                lock.release();
                return false;
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until no host holds the lock: a finished host keeps its API up a few seconds for the last status reads.
     * True when the host is gone.
     */
    public static boolean awaitHostGone(DrillFiles files, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (hostAlive(files)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    /** The interrupted drill it finished, if there was one. */
    public static Optional<DrillRecord> finishInterrupted(DrillFiles files, Stack stack, PrintStream out) {
        Optional<DrillFiles.HostInfo> host = files.host();
        if (host.isEmpty() || hostAlive(files)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(files.record(host.get().id()))) {
            files.clearCurrent();
            return Optional.empty();
        }
        DrillRecord drill = files.load(host.get().id());
        if (drill.finished()) {
            files.clearCurrent();
            return Optional.empty();
        }
        out.println("drill " + drill.id + " was interrupted (its host, pid " + host.get().pid() + ", is gone): finishing its rollbacks");
        ActivityExecutor executor = new ActivityExecutor(out);
        if (drill.rollbackOwed && !drill.rollbacksDone) {
            drill.rollbacks = new ArrayList<>(rollBack(stack, drill.scenario, drill.mode, executor, out));
            if (drill.secondFault != null) {
                drill.rollbacks.addAll(rollBack(stack, drill.secondFault, "defect", executor, out));
            }
        }
        if (drill.control && drill.settingsChanges() > 0) {
            RunContext ctx = new RunContext(stack, stack.endpoints(), DrillEngine.CONTROL, Map.of(), new Timeline());
            drill.rollbacks = new ArrayList<>(DrillEngine.resetEveryService(executor, ctx));
        }
        Instant now = Instant.now();
        drill.rollbackOwed = false;
        drill.rollbacksDone = true;
        drill.phase = DrillRecord.Phase.finished;
        drill.outcome = DrillRecord.Outcome.aborted;
        drill.reason = "the drill host (pid " + host.get().pid() + ") died; the rollbacks were finished by the next start/status";
        drill.endedAt = now;
        drill.event(now, "fault-off", "interrupted drill: rollbacks finished (" + drill.rollbacks.size() + " steps)");
        drill.event(now, "end", "aborted: " + drill.reason);
        DrillEngine.finish(files, drill);
        files.clearCurrent();
        return Optional.of(drill);
    }

    private static java.util.List<Journal.ActivityRun> rollBack(Stack stack, String name, String mode, ActivityExecutor executor,
                                                               PrintStream out) {
        ScenarioFile file = ScenarioFile.load(stack.layout().projectRoot(), name);
        Scenario.Mode spec = file.scenario().modes().get(mode);
        Timeline timeline = new Timeline();
        RunContext ctx = new RunContext(stack, stack.endpoints(), mode, spec == null ? Map.of() : spec.variables(), timeline);
        Journal journal = Journal.begin(file, mode, timeline);
        try (Rollbacks rollbacks = new Rollbacks(file.scenario().rollbacks(), journal, executor, out)) {
            rollbacks.arm(ctx);
            rollbacks.runOnce();
            rollbacks.awaitFinished(Duration.ofSeconds(120));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return journal.rollbacks;
    }
}
