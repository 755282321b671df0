package io.firedrill.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.firedrill.stack.component.Net;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

/**
 * A round trip through every server of the stack, each with a fresh random value so that a pass can only
 * come from this run: Kafka produce/consume, primary write seen on the replica, S3 put/get, Mongo
 * insert/find, a real alert Prometheus → Alertmanager → sink (fired and resolved), a span into Zipkin.
 */
public final class Smoke {

    public static final String SMOKE_ALERT = "StackSmokeSignal";

    public record Result(String check, boolean passed, double seconds, String detail) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Endpoints endpoints;
    private final Duration timeout;

    public Smoke(Endpoints endpoints, Duration timeout) {
        this.endpoints = endpoints;
        this.timeout = timeout;
    }

    public List<Result> runAll() {
        List<Result> results = new ArrayList<>();
        results.add(run("kafka produce/consume", this::kafka));
        results.add(run("mariadb primary->replica", this::mariadb));
        results.add(run("s3 put/get", this::s3));
        results.add(run("mongodb insert/find", this::mongodb));
        results.add(run("alert prometheus->am->sink", this::alertPath));
        results.add(run("zipkin span round trip", this::zipkin));
        return results;
    }

    @FunctionalInterface
    public interface Check {
        String run() throws Exception;
    }

    public static Result run(String name, Check check) {
        long t0 = System.nanoTime();
        try {
            String detail = check.run();
            return new Result(name, true, (System.nanoTime() - t0) / 1e9, detail);
        } catch (Exception | AssertionError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Result(name, false, (System.nanoTime() - t0) / 1e9, message.lines().findFirst().orElse(""));
        }
    }

    public String kafka() throws Exception {
        String topic = "firedrill.smoke";
        String value = "smoke-" + UUID.randomUUID();
        Properties admin = new Properties();
        admin.put("bootstrap.servers", endpoints.kafkaBootstrap());
        try (Admin client = Admin.create(admin)) {
            try {
                client.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            sent = producer.send(new ProducerRecord<>(topic, "smoke", value)).get(10, TimeUnit.SECONDS);
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition(topic, sent.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().equals(value)) {
                        return "offset " + record.offset() + " of " + topic;
                    }
                }
            }
        }
        throw new AssertionError("record " + value + " produced at offset " + sent.offset() + " was not consumed");
    }

    public String mariadb() throws Exception {
        String id = UUID.randomUUID().toString();
        try (Connection primary = DriverManager.getConnection(endpoints.mariadbPrimaryJdbcUrl(),
                endpoints.dbUser(), endpoints.dbPassword());
             Statement s = primary.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS firedrill_smoke");
            s.execute("CREATE TABLE IF NOT EXISTS firedrill_smoke.smoke (id CHAR(36) PRIMARY KEY, "
                    + "written_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))");
            try (PreparedStatement insert = primary.prepareStatement("INSERT INTO firedrill_smoke.smoke (id) VALUES (?)")) {
                insert.setString(1, id);
                insert.executeUpdate();
            }
        }
        long written = System.nanoTime();
        try (Connection replica = DriverManager.getConnection(endpoints.mariadbReplicaJdbcUrl(),
                endpoints.dbUser(), endpoints.dbPassword());
             PreparedStatement find = replica.prepareStatement("SELECT id FROM firedrill_smoke.smoke WHERE id = ?")) {
            find.setString(1, id);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        return String.format("row visible on replica after %.0f ms", (System.nanoTime() - written) / 1e6);
                    }
                } catch (java.sql.SQLSyntaxErrorException e) {
                    // The table itself may not have replicated yet.
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("row " + id + " written on the primary never appeared on the replica");
    }

    public String s3() throws Exception {
        MinioClient client = MinioClient.builder().endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).region("us-east-1").build();
        String key = "smoke/" + UUID.randomUUID() + ".txt";
        byte[] body = ("firedrill smoke " + Instant.now()).getBytes(StandardCharsets.UTF_8);
        client.putObject(PutObjectArgs.builder().bucket(endpoints.s3Bucket()).object(key)
                .stream(new ByteArrayInputStream(body), Long.valueOf(body.length), -1L).contentType("text/plain").build());
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(endpoints.s3Bucket()).object(key).build())) {
            byte[] read = in.readAllBytes();
            if (!java.util.Arrays.equals(body, read)) {
                throw new AssertionError("object " + key + " came back different (" + read.length + " bytes)");
            }
        }
        return body.length + " bytes at s3://" + endpoints.s3Bucket() + "/" + key;
    }

    public String mongodb() {
        String id = UUID.randomUUID().toString();
        try (MongoClient client = MongoClients.create(endpoints.mongodbUri())) {
            MongoCollection<Document> smoke = client.getDatabase("firedrill_smoke").getCollection("smoke");
            smoke.insertOne(new Document("_id", id).append("at", Instant.now().toString()));
            Document found = smoke.find(Filters.eq("_id", id)).first();
            if (found == null) {
                throw new AssertionError("document " + id + " inserted but not found");
            }
            return "document " + id.substring(0, 8) + "... found";
        }
    }

    /**
     * Raises the sink's test signal (scraped by Prometheus), waits for the StackSmokeSignal alert to reach the
     * sink through Alertmanager, lowers the signal and waits for the resolved notification.
     */
    public String alertPath() throws Exception {
        Instant since = Instant.now();
        setSignal("smoke", 1);
        long t0 = System.nanoTime();
        try {
            awaitAlert("firing", since);
        } finally {
            setSignal("smoke", 0);
        }
        double fired = (System.nanoTime() - t0) / 1e9;
        awaitAlert("resolved", since);
        double resolved = (System.nanoTime() - t0) / 1e9 - fired;
        return String.format("fired at sink in %.1f s, resolved %.1f s after the signal dropped", fired, resolved);
    }

    private void setSignal(String name, double value) throws Exception {
        HttpRequest put = HttpRequest.newBuilder(URI.create(endpoints.alertSinkUrl() + "/api/signals/" + name + "?value=" + value))
                .timeout(Duration.ofSeconds(3)).PUT(HttpRequest.BodyPublishers.noBody()).build();
        int status = Net.send(put).statusCode();
        if (status != 200) {
            throw new AssertionError("alert sink refused the signal: HTTP " + status);
        }
    }

    private void awaitAlert(String status, Instant since) throws Exception {
        long deadline = System.nanoTime() + Math.max(timeout.toNanos(), Duration.ofSeconds(60).toNanos());
        String url = endpoints.alertSinkUrl() + "/api/alerts?alertname=" + SMOKE_ALERT + "&status=" + status
                + "&since=" + since;
        while (System.nanoTime() < deadline) {
            JsonNode rows = JSON.readTree(Net.get(url).body());
            if (rows.size() > 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(SMOKE_ALERT + " never reached the sink as " + status
                + " (check " + endpoints.prometheusUrl() + "/alerts and " + endpoints.alertmanagerUrl() + ")");
    }

    public String zipkin() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String spanId = traceId.substring(0, 16);
        long micros = Instant.now().toEpochMilli() * 1000;
        String span = "[{\"traceId\":\"" + traceId + "\",\"id\":\"" + spanId + "\",\"name\":\"smoke\","
                + "\"timestamp\":" + micros + ",\"duration\":1000,\"localEndpoint\":{\"serviceName\":\"firedrill-smoke\"}}]";
        HttpRequest post = HttpRequest.newBuilder(URI.create(endpoints.zipkinUrl() + "/api/v2/spans"))
                .timeout(Duration.ofSeconds(3)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(span)).build();
        int accepted = Net.send(post).statusCode();
        if (accepted != 202) {
            throw new AssertionError("zipkin refused the span: HTTP " + accepted);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var response = Net.get(endpoints.zipkinUrl() + "/api/v2/trace/" + traceId);
            if (response.statusCode() == 200 && response.body().contains(spanId)) {
                return "trace " + traceId.substring(0, 8) + "... stored";
            }
            Thread.sleep(100);
        }
        throw new AssertionError("span of trace " + traceId + " accepted but not queryable");
    }
}
