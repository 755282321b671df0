package io.firedrill.cdcrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay's own files survive a kill -9 in the middle of a write (CI once lost a relay to a torn offsets file). */
class CrashSafeRelayFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsOffsetsInTheFormatConnectsFileStoreWrites() throws Exception {
        Path file = dir.resolve("offsets.dat");
        Map<byte[], byte[]> raw = new HashMap<>();
        raw.put(bytes("[\"relay\",{\"server\":\"x\"}]"), bytes("{\"gtids\":\"0-1-42\"}"));
        try (OutputStream out = Files.newOutputStream(file); ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(raw);
        }

        Map<ByteBuffer, ByteBuffer> loaded = AtomicFileOffsetBackingStore.load(file);

        assertThat(loaded).containsEntry(ByteBuffer.wrap(bytes("[\"relay\",{\"server\":\"x\"}]")),
                ByteBuffer.wrap(bytes("{\"gtids\":\"0-1-42\"}")));
    }

    @Test
    void aMissingFileIsAFirstRunAndATornOneIsAClearErrorNotAnEmptyStart() throws Exception {
        assertThat(AtomicFileOffsetBackingStore.load(dir.resolve("absent.dat"))).isEmpty();

        Path torn = dir.resolve("torn.dat");
        Files.write(torn, new byte[0]); // what the stock store leaves when killed between truncate and write
        assertThatThrownBy(() -> AtomicFileOffsetBackingStore.load(torn))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("unreadable")
                .hasMessageContaining("NOT relayed");
    }

    @Test
    void aTornSchemaHistoryLineIsDroppedAndCompleteLinesAreKept() throws Exception {
        Path history = dir.resolve("schema-history.dat");
        String complete = "{\"ddl\":\"CREATE TABLE outbox (id int)\"}\n";
        Files.writeString(history, complete + "{\"ddl\":\"ALTER TABLE outb");

        SchemaHistoryRepair.dropTornLastLine(history);
        assertThat(Files.readString(history)).isEqualTo(complete);

        SchemaHistoryRepair.dropTornLastLine(history); // a whole file is left alone
        assertThat(Files.readString(history)).isEqualTo(complete);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
