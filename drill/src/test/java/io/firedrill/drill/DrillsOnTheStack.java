package io.firedrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.drill.host.Recovery;
import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import io.firedrill.stack.AdminToken;
import io.firedrill.stack.ComponentStatus;
import io.firedrill.stack.Stack;
import io.firedrill.stack.junit.FiredrillStackExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every drill test on the real stack needs before and after a drill: the services up (under `make test` this module
 * runs before e2e starts them), the drill files and admin token of that stack, the class path for the detached host
 * the CLI launches, and no drill running (an interrupted one's rollbacks finished); afterwards whatever a test left
 * running is aborted, so the shared stack is left as found.
 */
@ExtendWith(FiredrillStackExtension.class)
abstract class DrillsOnTheStack {

    protected Stack stack;
    protected DrillFiles files;
    protected String token;

    @BeforeEach
    void prepareTheStackForADrill(Stack stack) throws InterruptedException {
        this.stack = stack;
        if (!stack.serviceStatus().stream().allMatch(ComponentStatus::healthy)) {
            stack.upServices();
        }
        this.files = DrillFiles.under(stack.layout().home());
        this.token = AdminToken.read(stack.layout());
        // The forked test JVM's class path, for the detached host the CLI launches.
        System.setProperty("firedrill.drill.classpath", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        Recovery.finishInterrupted(files, stack, System.out);
        assertThat(Recovery.awaitHostGone(files, Duration.ofSeconds(20))).as("no drill may be running before a test").isTrue();
    }

    /** The drill's record once it has finished and its host has exited. */
    protected DrillRecord awaitFinished(String id, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            DrillRecord drill = files.load(id);
            if (drill.phase == DrillRecord.Phase.finished) {
                assertThat(Recovery.awaitHostGone(files, Duration.ofSeconds(20))).as("the host exits after the drill").isTrue();
                return drill;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("drill " + id + " did not finish");
    }

    @AfterEach
    void leaveNoDrillRunning() throws Exception {
        if (Recovery.hostAlive(files)) {
            DrillCli.execute("abort");
        }
        Recovery.finishInterrupted(files, stack, System.out);
    }
}
