package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `firedrill-stack logs NAME` reads a service's log as well as a server's: the runbooks call it for order-service,
 * payment-service and the relay (it refused every service before). Nothing is started; the logs are files in a home.
 */
class StackLogsCommandTest {

    @TempDir
    Path home;

    @Test
    void aServicesLogIsReadLikeAServersAndAnUnknownNameIsRefusedWithTheKnownOnes() throws Exception {
        for (String name : new String[] {"kafka", "cdc-relay", "order-service"}) {
            Files.createDirectories(home.resolve(name));
            Files.writeString(home.resolve(name).resolve(name + ".log"), "a line of " + name + "\n");
        }
        assertThat(logs("kafka").exit).isZero();
        assertThat(logs("cdc-relay").exit).as("a service").isZero();
        assertThat(logs("order-service").exit).as("a service").isZero();

        Result missing = logs("payment-service");
        assertThat(missing.exit).as("a known service that has not written a log yet").isEqualTo(1);
        assertThat(missing.err).contains("no log yet");

        Result unknown = logs("ordr-service");
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.err).contains("unknown component 'ordr-service'").contains("kafka").contains("order-service")
                .doesNotContain("\tat ");
    }

    private record Result(int exit, String err) {}

    private Result logs(String name) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = StackCli.execute(new String[] {"--home", home.toString(), "logs", "-n", "1", name},
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));
        return new Result(exit, err.toString(StandardCharsets.UTF_8));
    }
}
