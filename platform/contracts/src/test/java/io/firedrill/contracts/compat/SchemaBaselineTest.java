package io.firedrill.contracts.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.firedrill.contracts.SchemaCatalog;
import io.firedrill.contracts.compat.SchemaDrift.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI gate against schema drift, plus the behaviour of the baseline itself. */
class SchemaBaselineTest {

    /** Surefire runs in the module directory; read the source tree, not a possibly stale copy in target/. */
    static final Path BASELINE = Path.of("src/test/resources/baseline");
    static final String HOW_TO_RECORD =
            "record deliberately with: mvn -B -ntp -pl platform/contracts test -Dtest=SchemaBaselineWriter";

    @Test
    void noCommittedSchemaBreaksItsBaseline() {
        BaselineReport report = SchemaBaseline.check(BASELINE);

        assertThat(report.breaking())
                .as("published schemas must not break consumers; add a new version (X.v2.json) instead:\n%s",
                        report.describe())
                .isEmpty();
    }

    @Test
    void everyCommittedSchemaIsRecordedInTheBaseline() {
        BaselineReport report = SchemaBaseline.check(BASELINE);

        assertThat(report.unrecorded()).as("baseline out of date (%s):\n%s", HOW_TO_RECORD, report.describe()).isEmpty();
    }

    @Test
    void aFreshBaselineRecordsEverySchemaAndIsThenClean(@TempDir Path dir) {
        BaselineReport before = SchemaBaseline.write(dir, false);

        assertThat(before.drifts()).hasSize(SchemaCatalog.entries().size())
                .allSatisfy(d -> assertThat(d.status()).isEqualTo(Status.UNRECORDED));
        assertThat(SchemaBaseline.check(dir).isClean()).isTrue();
    }

    @Test
    void flagsARecordedSchemaThatIsNoLongerCommitted(@TempDir Path dir) throws IOException {
        SchemaBaseline.write(dir, false);
        Files.writeString(dir.resolve("events/InventoryTeleported.v1.json"), "{\"type\": \"object\"}");

        assertThat(SchemaBaseline.check(dir).breaking()).extracting(SchemaDrift::path, SchemaDrift::status)
                .containsExactly(tuple("events/InventoryTeleported.v1.json", Status.REMOVED));
    }

    @Test
    void flagsAnInPlaceEditThatRemovesARequiredField(@TempDir Path dir) throws IOException {
        SchemaBaseline.write(dir, false);
        // The recorded v1 had a field the committed v1 no longer has: someone edited a published version.
        Path recorded = dir.resolve("events/InventoryReserved.v1.json");
        Files.writeString(recorded, Files.readString(recorded)
                .replace("\"expiresAt\"\n", "\"expiresAt\",\n    \"warehouseId\"\n")
                .replace("\"properties\": {", "\"properties\": {\n    \"warehouseId\": {\"type\": \"string\"},"));

        BaselineReport report = SchemaBaseline.check(dir);

        assertThat(report.breaking()).singleElement().satisfies(drift -> {
            assertThat(drift.path()).isEqualTo("events/InventoryReserved.v1.json");
            assertThat(drift.changes()).extracting(SchemaChange::kind, SchemaChange::path)
                    .containsExactly(tuple(SchemaChange.Kind.REQUIRED_FIELD_REMOVED, "$.warehouseId"));
        });
    }

    @Test
    void reportsACompatibleEditAsStaleNotBreaking(@TempDir Path dir) throws IOException {
        SchemaBaseline.write(dir, false);
        Path recorded = dir.resolve("events/ShipmentFailed.v1.json");
        Files.writeString(recorded, Files.readString(recorded).replace("Why the shipment failed.", "old wording"));

        BaselineReport report = SchemaBaseline.check(dir);

        assertThat(report.breaking()).isEmpty();
        assertThat(report.unrecorded()).extracting(SchemaDrift::path, SchemaDrift::status)
                .containsExactly(tuple("events/ShipmentFailed.v1.json", Status.STALE));
    }

    @Test
    void refusesToRecordABreakingChangeUnlessAccepted(@TempDir Path dir) throws IOException {
        SchemaBaseline.write(dir, false);
        Path ghost = dir.resolve("commands/TeleportInventory.v1.json");
        Files.writeString(ghost, "{\"type\": \"object\"}");

        assertThatThrownBy(() -> SchemaBaseline.write(dir, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REMOVED commands/TeleportInventory.v1.json");
        assertThat(ghost).exists();

        SchemaBaseline.write(dir, true);

        assertThat(ghost).doesNotExist();
        assertThat(SchemaBaseline.check(dir).isClean()).isTrue();
    }
}
