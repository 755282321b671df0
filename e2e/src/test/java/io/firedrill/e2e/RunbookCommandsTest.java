package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.stack.StackLayout;
import io.firedrill.stack.component.SpringService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every fenced block marked {@code bash runnable} in runbooks/*.md runs against the running system and must
 * exit 0: a runbook whose commands rot is worse than none during an incident. Blocks run from the checkout (as an
 * operator runs them: {@code .firedrill/admin-token} resolves) and their default-block ports (17xxx) are moved to
 * this stack's port block.
 */
@ExtendWith(ServicesExtension.class)
class RunbookCommandsTest {

    private static final Pattern RUNNABLE = Pattern.compile("```bash runnable\\n(.*?)```", Pattern.DOTALL);

    @TestFactory
    Stream<DynamicTest> runnableRunbookBlocksSucceedAgainstTheRunningStack(Firedrill firedrill) throws Exception {
        StackLayout layout = StackLayout.defaults();
        Path runbooks = layout.projectRoot().resolve("runbooks");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(runbooks)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = RUNNABLE.matcher(Files.readString(file));
                int block = 0;
                while (m.find()) {
                    String script = m.group(1);
                    String name = file.getFileName() + " block " + (++block);
                    tests.add(DynamicTest.dynamicTest(name, () -> run(name, inPortBlock(script, layout.ports().base()),
                            layout.projectRoot())));
                }
            }
        }
        assertThat(tests).as("runnable blocks in runbooks/").isNotEmpty();
        // Mitigation blocks change runtime settings (compensationRetryFor 30m, a breaker on, ...); a later test must
        // not inherit them (CheckoutBurnRateAlertTest's page never came in CI while a compensation was resent for
        // 30 min after this test).
        tests.add(DynamicTest.dynamicTest("every service's configured settings restored", () -> {
            for (SpringService.Spec service : SpringService.ALL) {
                firedrill.resetSettings(service.portIndex());
            }
        }));
        return tests.stream();
    }

    /** The runbooks name the default block's ports (base 17000); this stack may run in another block. */
    static String inPortBlock(String script, int base) {
        return DEFAULT_BLOCK_PORT.matcher(script).replaceAll(m -> Integer.toString(base + Integer.parseInt(m.group(1))));
    }

    private static final Pattern DEFAULT_BLOCK_PORT = Pattern.compile("(?<![0-9])17([0-9]{3})(?![0-9])");

    private static void run(String name, String script, Path directory) throws Exception {
        Process process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(directory.toFile())
                .redirectErrorStream(true).start();
        boolean done = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
        }
        assertThat(done).as(name + " timed out").isTrue();
        assertThat(process.exitValue()).as(name + " failed:\n" + script + "\noutput:\n" + output).isZero();
    }
}
