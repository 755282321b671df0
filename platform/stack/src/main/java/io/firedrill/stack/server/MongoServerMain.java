package io.firedrill.stack.server;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/** Runs mongo-java-server on 127.0.0.1:PORT with an H2 MVStore file, so documents survive a restart. */
public final class MongoServerMain {

    private MongoServerMain() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: MongoServerMain PORT STORE_FILE");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        H2Backend backend = new H2Backend(args[1]);
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", port);
        } catch (RuntimeException e) {
            // Netty threads would keep a half-started server alive; leave nothing behind.
            System.err.println("cannot bind 127.0.0.1:" + port + ": " + e.getMessage());
            server.shutdownNow();
            backend.close();
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            backend.close();
        }, "mongo-shutdown"));
        System.out.println("mongo-java-server listening on 127.0.0.1:" + port + " store " + args[1]);
    }
}
