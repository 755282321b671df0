package io.firedrill.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How to reach each server of the stack. Written to {@code .firedrill/stack.env} (KEY=VALUE, which is also a
 * valid Java properties file, so Spring imports it with {@code spring.config.import}) and to a JSON twin.
 * Credentials are local-only development values; the servers listen on 127.0.0.1. Both files carry the admin
 * bearer token ({@link AdminToken}), so they are written readable by their owner only.
 */
public record Endpoints(
        String kafkaBootstrap,
        String mariadbPrimaryJdbcUrl,
        String mariadbReplicaJdbcUrl,
        int mariadbPrimaryPort,
        int mariadbReplicaPort,
        String dbUser,
        String dbPassword,
        String mongodbUri,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Bucket,
        String prometheusUrl,
        String alertmanagerUrl,
        String alertSinkUrl,
        String zipkinUrl,
        String adminToken) {

    public static final String DB_USER = "firedrill";
    public static final String DB_PASSWORD = "firedrill";
    public static final String REPLICATION_USER = "repl";
    public static final String REPLICATION_PASSWORD = "repl-secret";
    public static final String S3_ACCESS_KEY = "firedrill";
    public static final String S3_SECRET_KEY = "firedrill-secret";
    public static final String S3_BUCKET = "firedrill-labels";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static Endpoints of(Ports ports) {
        String host = "127.0.0.1";
        return new Endpoints(
                host + ":" + ports.kafka(),
                jdbcUrl(host, ports.mariadbPrimary()),
                jdbcUrl(host, ports.mariadbReplica()),
                ports.mariadbPrimary(),
                ports.mariadbReplica(),
                DB_USER,
                DB_PASSWORD,
                "mongodb://" + host + ":" + ports.mongodb() + "/?serverSelectionTimeoutMS=2000&connectTimeoutMS=2000",
                "http://" + host + ":" + ports.s3(),
                S3_ACCESS_KEY,
                S3_SECRET_KEY,
                S3_BUCKET,
                "http://" + host + ":" + ports.prometheus(),
                "http://" + host + ":" + ports.alertmanager(),
                "http://" + host + ":" + ports.alertSink(),
                "http://" + host + ":" + ports.zipkin(),
                "");
    }

    /** The same endpoints with the stack's admin bearer token. */
    public Endpoints withAdminToken(String token) {
        return new Endpoints(kafkaBootstrap, mariadbPrimaryJdbcUrl, mariadbReplicaJdbcUrl, mariadbPrimaryPort,
                mariadbReplicaPort, dbUser, dbPassword, mongodbUri, s3Endpoint, s3AccessKey, s3SecretKey, s3Bucket,
                prometheusUrl, alertmanagerUrl, alertSinkUrl, zipkinUrl, token == null ? "" : token);
    }

    private static String jdbcUrl(String host, int port) {
        return "jdbc:mysql://" + host + ":" + port + "/?connectTimeout=2000&useSSL=false&allowPublicKeyRetrieval=true";
    }

    /** JDBC URL of one database on the primary or the replica. */
    public String jdbcUrl(String database, boolean replica) {
        return (replica ? mariadbReplicaJdbcUrl : mariadbPrimaryJdbcUrl).replace("/?", "/" + database + "?");
    }

    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FIREDRILL_KAFKA_BOOTSTRAP", kafkaBootstrap);
        env.put("FIREDRILL_MARIADB_PRIMARY_URL", mariadbPrimaryJdbcUrl);
        env.put("FIREDRILL_MARIADB_REPLICA_URL", mariadbReplicaJdbcUrl);
        env.put("FIREDRILL_MARIADB_PRIMARY_PORT", Integer.toString(mariadbPrimaryPort));
        env.put("FIREDRILL_MARIADB_REPLICA_PORT", Integer.toString(mariadbReplicaPort));
        env.put("FIREDRILL_DB_USER", dbUser);
        env.put("FIREDRILL_DB_PASSWORD", dbPassword);
        env.put("FIREDRILL_MONGODB_URI", mongodbUri);
        env.put("FIREDRILL_S3_ENDPOINT", s3Endpoint);
        env.put("FIREDRILL_S3_ACCESS_KEY", s3AccessKey);
        env.put("FIREDRILL_S3_SECRET_KEY", s3SecretKey);
        env.put("FIREDRILL_S3_BUCKET", s3Bucket);
        env.put("FIREDRILL_PROMETHEUS_URL", prometheusUrl);
        env.put("FIREDRILL_ALERTMANAGER_URL", alertmanagerUrl);
        env.put("FIREDRILL_ALERT_SINK_URL", alertSinkUrl);
        env.put("FIREDRILL_ZIPKIN_URL", zipkinUrl);
        if (adminToken != null && !adminToken.isEmpty()) {
            env.put("FIREDRILL_ADMIN_TOKEN", adminToken);
        }
        return env;
    }

    /** Writes both files atomically, so a reader never sees half of them. */
    public void write(Path envFile, Path jsonFile) {
        try {
            Files.createDirectories(envFile.getParent());
            String env = "# Written by firedrill-stack up; read by services and tests. Do not edit.\n"
                    + asEnvironment().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("\n", "", "\n"));
            writeAtomically(envFile, env);
            writeAtomically(jsonFile, JSON.writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The endpoints {@code up} wrote. A file that cannot be read, is not JSON (a torn write) or lacks a field is a
     * {@link StackException} naming it, never a smoke of six null endpoints.
     */
    public static Endpoints read(Path jsonFile) {
        Endpoints endpoints;
        try {
            endpoints = JSON.readValue(jsonFile.toFile(), Endpoints.class);
        } catch (JsonProcessingException e) {
            throw new StackException(jsonFile + " is corrupt (" + e.getOriginalMessage() + "); run `make up` to write it again");
        } catch (IOException e) {
            throw new StackException("cannot read " + jsonFile + " (" + e.getMessage() + "); run `make up` to write it again");
        }
        List<String> missing = endpoints == null ? List.of("endpoints at all") : endpoints.missingFields();
        if (!missing.isEmpty()) {
            throw new StackException(jsonFile + " is incomplete (no " + String.join(", ", missing)
                    + "); run `make up` to write it again");
        }
        return endpoints;
    }

    /** Fields without a usable value; the admin token may be empty (a stack started before tokens existed). */
    private List<String> missingFields() {
        List<String> missing = new ArrayList<>();
        for (RecordComponent field : Endpoints.class.getRecordComponents()) {
            if (field.getName().equals("adminToken")) {
                continue;
            }
            Object value;
            try {
                value = field.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (value == null || value instanceof String text && text.isBlank() || value instanceof Integer port && port <= 0) {
                missing.add(field.getName());
            }
        }
        return missing;
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        AdminToken.writeOwnerOnly(target, content);
    }
}
