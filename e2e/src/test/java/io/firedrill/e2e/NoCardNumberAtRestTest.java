package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No card number at rest or on the wire: checkouts paid with known test cards (tokenized at payment-service, as every
 * client of the stack does), then every place a number could land is searched: every table of every service
 * database, every Mongo collection, every Kafka topic from its first record, every log file of the stack and the
 * spans Zipkin holds.
 *
 * <p>A card number here is a run of 13 to 19 digits standing alone (not inside a longer run, a hex id or a word), with
 * a valid Luhn check digit and a first digit of 3 to 6 (the card networks' ranges: Amex, Visa, Mastercard,
 * Discover...). The first-digit rule keeps epoch milliseconds and nanoseconds (1...) out, and trace and span ids are
 * taken out first: a tenth of any of them pass Luhn by chance.
 */
@ExtendWith(ServicesExtension.class)
class NoCardNumberAtRestTest {

    /** A digit run standing alone: not inside a hex id or any other word. */
    /** A Kafka segment file: the partition's first offset in 20 digits. */
    private static final Pattern KAFKA_SEGMENT = Pattern.compile("[0-9]{20}\\.log");
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9A-Za-z])[3-6][0-9]{12,18}(?![0-9A-Za-z])");
    /**
     * Trace and span ids: random hex that is all digits now and then (a 16-digit span id about once in 2,000), so
     * they are taken out before the search. W3C traceparents, and JSON fields that name an id of a trace or span.
     */
    private static final Pattern TRACE_IDS = Pattern.compile(
            "\\b00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]\\b"
            + "|\"(traceId|spanId|parentId|id|trace_id|span_id|trace\\.id|span\\.id)\"\\s*:\\s*\"[0-9a-f]{16,32}\"");

    @Test
    void noCardNumberInAnyDatabaseTopicLogOrSpan(Firedrill firedrill) throws Exception {
        String sku = firedrill.loadCatalog(50).get(0);
        List<UUID> orders = new ArrayList<>();
        for (String card : List.of(Firedrill.GOOD_CARD, Firedrill.DECLINED_CARD, "5555555555554444", "378282246310005")) {
            orders.add(firedrill.placeOrder(card, Map.of(sku, 1)));
        }
        for (UUID order : orders) {
            firedrill.awaitTerminal(order, Duration.ofSeconds(120));
        }
        assertThat(firedrill.query("firedrill_order", "SELECT payment_card FROM orders WHERE id = ?", orders.get(2).toString()))
                .singleElement().satisfies(row -> assertThat(row.get("payment_card")).isEqualTo("mastercard ****4444"));

        List<String> found = new ArrayList<>();
        int places = scanDatabases(firedrill, found) + scanMongo(firedrill, found) + scanTopics(firedrill, found)
                + scanLogs(firedrill, found) + scanSpans(firedrill, found);

        assertThat(found).as("card numbers found (masked here)").isEmpty();
        assertThat(places).as("places searched").isGreaterThan(30);
    }

    @Test
    void theSearchFindsCardNumbersAndNotIds() {
        assertThat(cardNumbers("{\"cardNumber\":\"4242424242424242\",\"n\":378282246310005} card:5555555555554444"))
                .containsExactly("4242424242424242", "378282246310005", "5555555555554444");
        assertThat(cardNumbers("00-4bf92f3577b34da6a3ce929d0e0e4736-4242424242424242-01 \"span_id\":\"4242424242424242\" "
                + "a4242424242424242 1796601432246 4242424242424241 visa ****4242")).isEmpty();
    }

    @Test
    void aKafkaSegmentIsSearchedRecordByRecord(@TempDir Path dir) throws Exception {
        Path segment = dir.resolve("00000000000000000000.log");
        try (FileRecords records = FileRecords.open(segment.toFile())) {
            records.append(MemoryRecords.withRecords(Compression.NONE,
                    new SimpleRecord(0L, "k".getBytes(StandardCharsets.UTF_8), "{\"n\":42}".getBytes(StandardCharsets.UTF_8)),
                    new SimpleRecord(0L, null, "{\"card\":\"5555555555554444\"}".getBytes(StandardCharsets.UTF_8),
                            new Header[] {new RecordHeader("pan", "378282246310005".getBytes(StandardCharsets.UTF_8))})));
            records.flush();
        }
        List<String> found = new ArrayList<>();
        scanSegment(segment, "log x", found);
        assertThat(found).containsExactly("log x @1: 5***********4444", "log x @1 header pan: 3**********0005");
    }

    static List<String> cardNumbers(String text) {
        List<String> numbers = new ArrayList<>();
        Matcher m = DIGIT_RUN.matcher(TRACE_IDS.matcher(text).replaceAll(" "));
        while (m.find()) {
            if (luhn(m.group())) {
                numbers.add(m.group());
            }
        }
        return numbers;
    }

    private static void check(String where, String text, List<String> found) {
        for (String number : cardNumbers(text)) {
            found.add(where + ": " + number.substring(0, 1) + "*".repeat(number.length() - 5) + number.substring(number.length() - 4));
        }
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** Every row of every table of every firedrill_* database on the primary (the replica holds the same rows). */
    private static int scanDatabases(Firedrill firedrill, List<String> found) throws Exception {
        int tables = 0;
        var e = firedrill.endpoints();
        try (Connection c = DriverManager.getConnection(e.jdbcUrl("", false), e.dbUser(), e.dbPassword());
             Statement s = c.createStatement()) {
            List<String[]> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_schema, table_name FROM information_schema.tables "
                    + "WHERE table_schema LIKE 'firedrill\\_%' AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    names.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] name : names) {
                tables++;
                try (ResultSet rs = s.executeQuery("SELECT * FROM `" + name[0] + "`.`" + name[1] + "`")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(rs.getString(i)).append('\u001f');
                        }
                        check("table " + name[0] + "." + name[1], row.toString(), found);
                    }
                }
            }
        }
        return tables;
    }

    private static int scanMongo(Firedrill firedrill, List<String> found) {
        int collections = 0;
        try (MongoClient client = MongoClients.create(firedrill.endpoints().mongodbUri())) {
            for (String database : client.listDatabaseNames()) {
                if (List.of("admin", "local", "config").contains(database)) {
                    continue;
                }
                MongoDatabase db = client.getDatabase(database);
                for (String collection : db.listCollectionNames()) {
                    collections++;
                    for (Document document : db.getCollection(collection).find()) {
                        check("mongo " + database + "." + collection, document.toJson(), found);
                    }
                }
            }
        }
        return collections;
    }

    /** Every partition of every topic (internal ones too), from its first record to its end. */
    private static int scanTopics(Firedrill firedrill, List<String> found) {
        try (KafkaConsumer<byte[], byte[]> consumer = firedrill.kafkaConsumer()) {
            List<TopicPartition> partitions = consumer.listTopics(Duration.ofSeconds(10)).values().stream()
                    .flatMap(List::stream).map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String where = "topic " + r.topic() + "-" + r.partition() + "@" + r.offset();
                    if (r.value() != null) {
                        check(where, new String(r.value(), StandardCharsets.UTF_8), found);
                    }
                    if (r.key() != null) {
                        check(where + " key", new String(r.key(), StandardCharsets.UTF_8), found);
                    }
                    r.headers().forEach(h -> check(where + " header " + h.key(), new String(h.value(), StandardCharsets.UTF_8), found));
                }
            }
            assertThat(partitions.stream().filter(p -> consumer.position(p) < end.get(p)).toList())
                    .as("partitions not read to their end").isEmpty();
            return (int) partitions.stream().map(TopicPartition::topic).distinct().count();
        }
    }

    /**
     * Every file named {@code *.log} under the stack home. Kafka's segment files ({@code <20 digits>.log}) are decoded
     * record by record (key, value, every header), so records no consumer sees any more are searched too (a deleted
     * topic's directory until Kafka removes it, records below a partition's log start, the KRaft metadata log), and
     * the binary framing between records is not read as text (a varint byte is now and then an ASCII digit). Every
     * other log is read line by line.
     */
    private static int scanLogs(Firedrill firedrill, List<String> found) throws Exception {
        Path home = firedrill.stack().layout().home();
        List<Path> logs;
        try (Stream<Path> files = Files.walk(home)) {
            logs = files.filter(f -> f.getFileName().toString().endsWith(".log") && Files.isRegularFile(f)).toList();
        }
        for (Path log : logs) {
            String where = "log " + home.relativize(log);
            try {
                if (KAFKA_SEGMENT.matcher(log.getFileName().toString()).matches()) {
                    scanSegment(log, where, found);
                } else {
                    try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                        lines.forEach(line -> check(where, line, found));
                    }
                }
            } catch (NoSuchFileException | UncheckedIOException gone) {
                if (Files.exists(log)) {
                    throw gone;
                }
                // Deleted between the walk and the read (Kafka removing a deleted topic's directory, a rolled log).
            }
        }
        return logs.size();
    }

    /**
     * Reads {@code segment} read-only and releases it by closing its channel: {@code FileRecords.close()} trims the file
     * to the size read, which throws on a read-only channel when Kafka appended meanwhile (and must never write to a
     * live segment anyway).
     */
    private static void scanSegment(Path segment, String where, List<String> found) throws IOException {
        FileRecords records = FileRecords.open(segment.toFile(), false);
        try {
            for (RecordBatch batch : records.batches()) {
                if (batch.isControlBatch()) {
                    continue;
                }
                for (Record r : batch) {
                    String at = where + " @" + r.offset();
                    if (r.hasValue()) {
                        check(at, text(r.value()), found);
                    }
                    if (r.hasKey()) {
                        check(at + " key", text(r.key()), found);
                    }
                    for (Header h : r.headers()) {
                        check(at + " header " + h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.ISO_8859_1), found);
                    }
                }
            }
        } finally {
            records.channel().close();
        }
    }

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.ISO_8859_1.decode(bytes.duplicate()).toString();
    }

    /** The spans of the last hour of every service Zipkin knows. */
    private static int scanSpans(Firedrill firedrill, List<String> found) throws Exception {
        String zipkin = firedrill.endpoints().zipkinUrl();
        var services = Firedrill.JSON.readTree(firedrill.send("GET", zipkin + "/api/v2/services", null).body());
        for (var service : services) {
            String traces = firedrill.send("GET", zipkin + "/api/v2/traces?serviceName=" + service.asText()
                    + "&lookback=3600000&limit=1000", null).body();
            check("zipkin spans of " + service.asText(), traces, found);
        }
        return services.size();
    }
}
