package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.stack.StackLayout;
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
 * exit 0: a runbook whose commands rot is worse than none during an incident. Runbooks name the ports of the default
 * block (base 17000); each is moved to the block of the stack under test, so a stack on another
 * {@code FIREDRILL_PORT_BASE} checks its own servers and never someone else's.
 */
@ExtendWith(ServicesExtension.class)
class RunbookCommandsTest {

    private static final Pattern RUNNABLE = Pattern.compile("```bash runnable\\n(.*?)```", Pattern.DOTALL);
    /** A port of the default block as runbooks write it: {@code 127.0.0.1:17090}, {@code -P 17306}, {@code -P17307}. */
    private static final Pattern DEFAULT_BLOCK_PORT = Pattern.compile("(127\\.0\\.0\\.1:|-P ?)17(\\d{3})\\b");

    @TestFactory
    Stream<DynamicTest> runnableRunbookBlocksSucceedAgainstTheRunningStack(Firedrill firedrill) throws Exception {
        Path runbooks = StackLayout.locateProjectRoot(Path.of("")).resolve("runbooks");
        int base = firedrill.stack().layout().ports().base();
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(runbooks)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = RUNNABLE.matcher(Files.readString(file));
                int block = 0;
                while (m.find()) {
                    String script = onStack(m.group(1), base);
                    String name = file.getFileName() + " block " + (++block);
                    tests.add(DynamicTest.dynamicTest(name, () -> run(name, script)));
                }
            }
        }
        assertThat(tests).as("runnable blocks in runbooks/").isNotEmpty();
        return tests.stream();
    }

    static String onStack(String script, int base) {
        return DEFAULT_BLOCK_PORT.matcher(script).replaceAll(port ->
                Matcher.quoteReplacement(port.group(1) + (base + Integer.parseInt(port.group(2)))));
    }

    private static void run(String name, String script) throws Exception {
        Process process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true).start();
        boolean done = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
        }
        assertThat(done).as(name + " timed out").isTrue();
        assertThat(process.exitValue()).as(name + " failed:\n" + script + "\noutput:\n" + output).isZero();
    }
}
