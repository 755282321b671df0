package io.firedrill.stack.component;

import io.firedrill.stack.Endpoints;
import io.firedrill.stack.Health;
import io.firedrill.stack.StackLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * MariaDB from the Debian binaries with a private datadir, socket and port. The primary writes a ROW binlog
 * with GTIDs (what Debezium reads); the replica (server_id 2, read_only) replicates from it by GTID, which
 * is what the order read model and the replica-lag scenario use.
 */
public final class MariaDbServer implements Component {

    private static final String INITIALIZED = ".firedrill-initialized";

    private final StackLayout layout;
    private final boolean replica;
    private final Path dir;
    private final Path datadir;

    private MariaDbServer(StackLayout layout, boolean replica) {
        this.layout = layout;
        this.replica = replica;
        this.dir = layout.componentDir(name());
        this.datadir = dir.resolve("data");
    }

    public static MariaDbServer primary(StackLayout layout) { return new MariaDbServer(layout, false); }
    public static MariaDbServer replica(StackLayout layout) { return new MariaDbServer(layout, true); }

    @Override public String name() { return replica ? "mariadb-replica" : "mariadb-primary"; }

    @Override public List<Integer> ports() {
        return List.of(replica ? layout.ports().mariadbReplica() : layout.ports().mariadbPrimary());
    }

    @Override public List<String> dependsOn() { return replica ? List.of("mariadb-primary") : List.of(); }

    @Override public java.time.Duration stopGrace() { return java.time.Duration.ofSeconds(30); }

    private Path config() { return dir.resolve("my.cnf"); }

    /** Unix sockets are limited to ~107 bytes; deep checkouts fall back to /tmp. */
    private Path socket() {
        Path socket = dir.resolve("mariadb.sock");
        if (socket.toString().length() < 100) {
            return socket;
        }
        return Path.of(System.getProperty("java.io.tmpdir"),
                "firedrill-" + Integer.toHexString(socket.toString().hashCode()) + ".sock");
    }

    @Override
    public void prepare() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(config(), myCnf());
        if (!Files.isRegularFile(datadir.resolve(INITIALIZED))) {
            // No marker: never installed, or an install that died half-way. Either way, install afresh.
            ServerSupport.deleteRecursively(datadir);
            Files.createDirectories(datadir);
            ServerSupport.runTool(List.of(ServerSupport.executable("mariadb-server", "mariadb-install-db"),
                            HomeFlag.DEFAULTS_FILE.arg(config()), "--user=" + osUser(),
                            "--auth-root-authentication-method=socket", "--skip-test-db"),
                    dir, layout.logFile(name()), 120);
            Files.writeString(datadir.resolve(INITIALIZED), "installed by firedrill-stack\n");
        }
    }

    private String myCnf() {
        int serverId = replica ? 2 : 1;
        StringBuilder cnf = new StringBuilder("""
                # Written by firedrill-stack; edit MariaDbServer.java instead.
                [mariadbd]
                """);
        cnf.append("datadir=").append(datadir).append('\n')
                .append("socket=").append(socket()).append('\n')
                .append("port=").append(ports().get(0)).append('\n')
                .append("pid_file=").append(dir.resolve("mariadb.pid")).append('\n')
                .append("log_error=").append(layout.logFile(name())).append('\n')
                .append("server_id=").append(serverId).append('\n')
                .append("log_bin=").append(datadir.resolve("binlog")).append('\n');
        cnf.append("""
                bind_address=127.0.0.1
                skip_name_resolve=ON
                binlog_format=ROW
                binlog_row_image=FULL
                gtid_strict_mode=ON
                sync_binlog=1
                innodb_flush_log_at_trx_commit=1
                expire_logs_days=2
                max_connections=400
                character_set_server=utf8mb4
                collation_server=utf8mb4_unicode_ci
                # Small on purpose: ten processes share 2 cores and a 1.5 GiB infrastructure budget.
                innodb_buffer_pool_size=96M
                innodb_log_file_size=48M
                performance_schema=OFF
                thread_cache_size=16
                """);
        if (replica) {
            cnf.append("""
                    read_only=ON
                    log_slave_updates=ON
                    slave_net_timeout=10
                    """).append("relay_log=").append(datadir.resolve("relay")).append('\n');
        }
        return cnf.toString();
    }

    @Override
    public List<String> command() {
        return List.of(ServerSupport.executable("mariadb-server", "mariadbd", "mysqld"),
                HomeFlag.DEFAULTS_FILE.arg(config()), "--user=" + osUser());
    }

    @Override
    public void afterStart() throws Exception {
        StringBuilder sql = new StringBuilder()
                // Local, unreplicated: the anonymous accounts of a fresh install shadow TCP logins.
                .append("SET SESSION sql_log_bin=0;")
                .append("DROP USER IF EXISTS ''@'localhost', ''@'").append(hostname()).append("';")
                .append("SET SESSION sql_log_bin=1;");
        if (!replica) {
            // Replicated on purpose: the replica gets the same accounts through the binlog.
            sql.append("CREATE USER IF NOT EXISTS '").append(Endpoints.DB_USER).append("'@'%' IDENTIFIED BY '")
                    .append(Endpoints.DB_PASSWORD).append("';")
                    .append("GRANT ALL PRIVILEGES ON *.* TO '").append(Endpoints.DB_USER)
                    .append("'@'%' WITH GRANT OPTION;")
                    .append("CREATE USER IF NOT EXISTS '").append(Endpoints.REPLICATION_USER)
                    .append("'@'%' IDENTIFIED BY '").append(Endpoints.REPLICATION_PASSWORD).append("';")
                    .append("GRANT REPLICATION SLAVE, BINLOG MONITOR, REPLICATION SLAVE ADMIN ON *.* TO '")
                    .append(Endpoints.REPLICATION_USER).append("'@'%';");
        } else {
            sql.append("STOP SLAVE;")
                    .append("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=")
                    .append(layout.ports().mariadbPrimary())
                    .append(", MASTER_USER='").append(Endpoints.REPLICATION_USER)
                    .append("', MASTER_PASSWORD='").append(Endpoints.REPLICATION_PASSWORD)
                    .append("', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1;")
                    .append("START SLAVE;");
        }
        ServerSupport.runTool(List.of(ServerSupport.executable("mariadb-client", "mariadb", "mysql"),
                "--socket=" + socket(), "--user=" + osUser(), "--batch", "-e", sql.toString()),
                dir, layout.logFile(name()), 30);
    }

    @Override
    public Health health() {
        String url = "jdbc:mysql://127.0.0.1:" + ports().get(0)
                + "/?connectTimeout=1500&socketTimeout=3000&useSSL=false&allowPublicKeyRetrieval=true";
        try (Connection c = DriverManager.getConnection(url, Endpoints.DB_USER, Endpoints.DB_PASSWORD);
             Statement s = c.createStatement()) {
            if (!replica) {
                try (ResultSet rs = s.executeQuery("SELECT @@binlog_format, @@gtid_binlog_pos")) {
                    rs.next();
                    return Health.up("binlog " + rs.getString(1) + ", gtid " + blankAsNone(rs.getString(2)));
                }
            }
            try (ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
                if (!rs.next()) {
                    return Health.down("replication not configured");
                }
                String io = rs.getString("Slave_IO_Running");
                String sqlThread = rs.getString("Slave_SQL_Running");
                String lag = rs.getString("Seconds_Behind_Master");
                if ("Yes".equals(io) && "Yes".equals(sqlThread)) {
                    return Health.up("replicating, " + (lag == null ? "lag unknown" : "lag " + lag + " s"));
                }
                String error = blankAsNone(rs.getString("Last_IO_Error")) + "/" + blankAsNone(rs.getString("Last_SQL_Error"));
                return Health.down("replication IO=" + io + " SQL=" + sqlThread + " errors " + error);
            }
        } catch (SQLException e) {
            return Health.down("jdbc: " + e.getMessage().lines().findFirst().orElse("error"));
        }
    }

    private static String blankAsNone(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }

    private static String osUser() {
        return System.getProperty("user.name");
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/etc/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
