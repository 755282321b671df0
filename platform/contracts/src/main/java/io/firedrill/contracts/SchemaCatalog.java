package io.firedrill.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Where the committed JSON Schemas live on the classpath ({@code schemas/...}) and which ones exist. */
public final class SchemaCatalog {

    /** Classpath folder of all schemas. */
    public static final String ROOT = "schemas/";

    /** One committed schema: its path relative to {@link #ROOT}, and the message version it describes. */
    public record Entry(String path, MessageType type, int version) {}

    private SchemaCatalog() {}

    /** Every version 1..current of every registered message, in registry order. */
    public static List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (MessageType type : MessageType.values()) {
            for (int v = 1; v <= type.currentVersion(); v++) {
                entries.add(new Entry(type.schemaPath(v), type, v));
            }
        }
        return List.copyOf(entries);
    }

    /** Reads a schema by its path relative to {@link #ROOT}; a missing file is a packaging bug, hence unchecked. */
    public static String read(String path) {
        try (InputStream in = SchemaCatalog.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("schema " + ROOT + path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + ROOT + path, e);
        }
    }
}
