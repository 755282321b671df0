package io.firedrill.cdcrelay.relay;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs the relay's schema history file before an engine reads it.
 *
 * <p>Debezium's FileSchemaHistory appends one JSON line per DDL. A kill -9 in the middle of an append leaves a line
 * without its newline, which fails every later recovery; the DDL it held was never acknowledged (the offsets still
 * point before it), so dropping the torn line lets Debezium read that DDL again.
 */
final class SchemaHistoryRepair {

    private static final Logger log = LoggerFactory.getLogger(SchemaHistoryRepair.class);

    private SchemaHistoryRepair() {
    }

    /** Truncates {@code history} after its last newline; a missing, empty or whole file is left alone. */
    static void dropTornLastLine(Path history) throws IOException {
        if (!Files.isRegularFile(history) || Files.size(history) == 0) {
            return;
        }
        byte[] content = Files.readAllBytes(history);
        if (content[content.length - 1] == '\n') {
            return;
        }
        int keep = content.length;
        while (keep > 0 && content[keep - 1] != '\n') {
            keep--;
        }
        log.warn("cdc-relay: the schema history {} ends with a torn line ({} bytes, from a crash mid-write); dropping it",
                history, content.length - keep);
        try (FileChannel channel = FileChannel.open(history, StandardOpenOption.WRITE)) {
            channel.truncate(keep);
        }
    }
}
