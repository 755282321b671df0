package io.firedrill.drill.host;

import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import io.firedrill.stack.AdminToken;
import io.firedrill.stack.Stack;
import io.firedrill.stack.StackLayout;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The background drill host: {@code DrillHost <id> <traffic-rate>}, started detached (its own session) by {@code start},
 * which wrote {@code drills/<id>/drill.json} first. It takes {@code drills/drill.lock} for its whole life (a second host
 * refuses), serves the responder API on loopback, records its pid and port in {@code current/host.json}, runs the
 * {@link DrillEngine} and exits. SIGTERM aborts the drill and still runs the rollbacks.
 */
public final class DrillHost {

    private DrillHost() {}

    public static void main(String[] args) throws Exception {
        String id = args[0];
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        StackLayout layout = StackLayout.defaults();
        DrillFiles files = DrillFiles.under(layout.home());
        DrillRecord drill = files.load(id);
        PrintStream out = System.out;
        Files.createDirectories(files.drills());
        try (FileChannel channel = FileChannel.open(files.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                drill.phase = DrillRecord.Phase.refused;
                drill.outcome = DrillRecord.Outcome.refused;
                drill.reason = "another drill is running; nothing was injected";
                drill.endedAt = Instant.now();
                files.save(drill);
                return;
            }
            DrillEngine engine = new DrillEngine(new Stack(layout, out), files, drill, out, rate);
            try (HostServer server = new HostServer(engine, AdminToken.read(layout))) {
                drill.hostPid = ProcessHandle.current().pid();
                drill.port = server.port();
                files.writeHost(new DrillFiles.HostInfo(id, drill.hostPid, drill.port));
                files.save(drill);
                Thread hook = new Thread(engine::terminate, "drill-terminate");
                Runtime.getRuntime().addShutdownHook(hook);
                engine.run();
                // A grace period: clients polling the status (the responder, `abort`) read the final one before the API goes.
                Thread.sleep(3_000);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook owns the end.
                }
            } finally {
                lock.release();
            }
        }
        System.exit(0);
    }
}
