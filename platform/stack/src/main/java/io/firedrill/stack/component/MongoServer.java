package io.firedrill.stack.component;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.firedrill.stack.Endpoints;
import io.firedrill.stack.Health;
import io.firedrill.stack.StackLayout;
import io.firedrill.stack.server.MongoServerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/** MongoDB wire protocol from mongo-java-server, persisted to an H2 MVStore file under the stack home. */
public final class MongoServer implements Component {

    private final StackLayout layout;
    private final Path dir;

    public MongoServer(StackLayout layout) {
        this.layout = layout;
        this.dir = layout.componentDir(name());
    }

    @Override public String name() { return "mongodb"; }

    @Override public List<Integer> ports() { return List.of(layout.ports().mongodb()); }

    @Override
    public void prepare() throws Exception {
        ServerSupport.snapshotClasspath(layout, name(), layout.stackJar(), layout.stackLib());
    }

    @Override
    public List<String> command() {
        // Hot path of every checkout (a handful of writes per order): C2, and a heap that holds the H2 page cache
        // without back-to-back full collections (at 128 MB, C1 only, it spent 41 ms of CPU per checkout).
        List<String> cmd = ServerSupport.java(layout, name(), 256, false);
        cmd.addAll(List.of("-cp", ServerSupport.snapshotLib(layout, name(), layout.stackJar(), layout.stackLib()),
                MongoServerMain.class.getName(), Integer.toString(ports().get(0)),
                dir.resolve("mongo.mv").toString()));
        return cmd;
    }

    @Override
    public Health health() {
        try (MongoClient client = MongoClients.create(healthClientSettings())) {
            Document pong = client.getDatabase("admin").runCommand(new Document("ping", 1));
            return pong.get("ok") != null ? Health.up("wire protocol, H2 store") : Health.down("ping: " + pong.toJson());
        } catch (RuntimeException e) {
            return Health.down("ping: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The services' URI with the health check's own bounds: a server that accepts but never answers (the handshake
     * or the ping) is reported down in seconds; the driver's default socket read timeout is infinite.
     */
    private MongoClientSettings healthClientSettings() {
        return MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(Endpoints.of(layout.ports()).mongodbUri()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(2, TimeUnit.SECONDS).readTimeout(3, TimeUnit.SECONDS))
                .build();
    }
}
