package io.firedrill.cdcrelay.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.util.SafeObjectInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Connect's {@link FileOffsetBackingStore}, made safe against kill -9.
 *
 * <p>The stock store truncates the offsets file and then writes it. The relay commits offsets after every batch, so a
 * process killed between the truncation and the write leaves an empty or half-written file; the next start fails to
 * read it ("Failed to load offset"), the engine fails on every restart and the relay never streams again. This store
 * writes the same format (a serialized {@code HashMap<byte[], byte[]>}, so existing files stay readable) to a sibling
 * temporary file and renames it over the old one: a reader sees the previous complete file or the new complete one.
 * No fsync: the relay protects against process death, not power loss (the page cache survives kill -9).
 */
public class AtomicFileOffsetBackingStore extends MemoryOffsetBackingStore {

    private static final Logger log = LoggerFactory.getLogger(AtomicFileOffsetBackingStore.class);

    private Path file;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        file = Path.of(config.getString(StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG));
    }

    @Override
    public synchronized void start() {
        super.start();
        data = load(file);
        log.info("offsets loaded from {} ({} partition(s))", file, data.size());
    }

    @Override
    public synchronized void stop() {
        super.stop();
    }

    /** The embedded engine never lists a connector's partitions (that is Connect's REST offsets API). */
    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    @Override
    protected void save() {
        Map<byte[], byte[]> raw = new HashMap<>();
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
            raw.put(entry.getKey() == null ? null : entry.getKey().array(),
                    entry.getValue() == null ? null : entry.getValue().array());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp); ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(raw);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException e) {
            throw new ConnectException("cannot save the relay offsets to " + file, e);
        }
    }

    /** Reads an offsets file written by this store or by {@link FileOffsetBackingStore}; a missing file is empty. */
    static Map<ByteBuffer, ByteBuffer> load(Path file) {
        Map<ByteBuffer, ByteBuffer> loaded = new HashMap<>();
        Object object;
        try (InputStream in = Files.newInputStream(file); SafeObjectInputStream objects = new SafeObjectInputStream(in)) {
            object = objects.readObject();
        }
        catch (NoSuchFileException e) {
            return loaded;
        }
        catch (IOException | ClassNotFoundException e) {
            throw new ConnectException("the relay offsets file " + file + " is unreadable (" + e
                    + "); it was damaged outside this store. Restore it, or delete it to restart from the current binlog"
                    + " position (events written while the relay was down are then NOT relayed)", e);
        }
        if (!(object instanceof Map<?, ?> raw)) {
            throw new ConnectException("the relay offsets file " + file + " holds a " + object.getClass().getName()
                    + ", not an offsets map");
        }
        for (Map.Entry<?, ?> entry : raw.entrySet()) {
            loaded.put(entry.getKey() == null ? null : ByteBuffer.wrap((byte[]) entry.getKey()),
                    entry.getValue() == null ? null : ByteBuffer.wrap((byte[]) entry.getValue()));
        }
        return loaded;
    }
}
