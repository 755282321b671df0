package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.firedrill.stack.component.Component;
import io.firedrill.stack.component.MongoServer;
import io.firedrill.stack.component.S3Server;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wedged server must make its health check answer "down" within seconds, not hang `status` or `up` for the
 * clients' default timeouts (minutes for MinIO, forever for a Mongo socket read). Real sockets on a free port: a
 * listener that accepts and never answers, and a real MongoDB-protocol server whose ping never returns.
 */
class HealthCheckTimeoutTest {

    /** Well above the health clients' 3 s timeouts, far below the defaults they replace. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path home;

    @Test
    void s3HealthIsDownWithinSecondsWhenTheServerAcceptsButNeverAnswers() throws Exception {
        try (SilentServer wedged = new SilentServer()) {
            Component s3 = new S3Server(layoutListeningAt(wedged.port(), ports -> ports.s3()));

            Health health = assertTimeoutPreemptively(BOUND, s3::health);

            assertThat(health.healthy()).as(health.detail()).isFalse();
            assertThat(wedged.accepted()).as("the probe reached the wedged listener").isPositive();
        }
    }

    @Test
    void mongoHealthIsDownWithinSecondsWhenTheServerAcceptsButNeverAnswers() throws Exception {
        try (SilentServer wedged = new SilentServer()) {
            Component mongo = new MongoServer(layoutListeningAt(wedged.port(), ports -> ports.mongodb()));

            Health health = assertTimeoutPreemptively(BOUND, mongo::health);

            assertThat(health.healthy()).as(health.detail()).isFalse();
            assertThat(wedged.accepted()).as("the probe reached the wedged listener").isPositive();
        }
    }

    @Test
    void mongoHealthIsDownWithinSecondsWhenTheHandshakeSucceedsButThePingNeverReturns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch pingReceived = new CountDownLatch(1);
        MemoryBackend backend = new MemoryBackend() {
            @Override
            public de.bwaldvogel.mongo.bson.Document handleCommand(io.netty.channel.Channel channel, String database,
                                                                   String command, de.bwaldvogel.mongo.bson.Document query) {
                if (command.equalsIgnoreCase("ping")) {
                    pingReceived.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.handleCommand(channel, database, command, query);
            }
        };
        de.bwaldvogel.mongo.MongoServer server = new de.bwaldvogel.mongo.MongoServer(backend);
        int port = server.bind().getPort();
        try {
            Component mongo = new MongoServer(layoutListeningAt(port, ports -> ports.mongodb()));

            Health health = assertTimeoutPreemptively(BOUND, mongo::health);

            assertThat(health.healthy()).as(health.detail()).isFalse();
            assertThat(pingReceived.getCount()).as("the handshake passed and the ping reached the server").isZero();
        } finally {
            release.countDown();
            server.shutdownNow();
        }
    }

    /** A stack layout whose port block puts the component's port (picked by {@code portOf}) on {@code port}. */
    private StackLayout layoutListeningAt(int port, java.util.function.ToIntFunction<Ports> portOf) {
        int offset = portOf.applyAsInt(new Ports(Ports.DEFAULT_BASE)) - Ports.DEFAULT_BASE;
        Ports ports = new Ports(port - offset);
        assertThat(portOf.applyAsInt(ports)).isEqualTo(port);
        return new StackLayout(StackLayout.locateProjectRoot(Path.of("")), home, ports);
    }

    /** Accepts every connection on a free loopback port and never reads or writes a byte. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Set<Socket> held = ConcurrentHashMap.newKeySet();

        SilentServer() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() { return server.getLocalPort(); }

        int accepted() { return held.size(); }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
