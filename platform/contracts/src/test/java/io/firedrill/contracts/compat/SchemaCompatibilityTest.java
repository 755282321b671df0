package io.firedrill.contracts.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.firedrill.contracts.SchemaCatalog;
import io.firedrill.contracts.compat.SchemaChange.Kind;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

    /** InventoryReserved-like v1: closed object, two required fields, one optional enum. */
    private static final String V1 = """
            {
              "type": "object",
              "additionalProperties": false,
              "required": ["orderId", "reservationId"],
              "properties": {
                "orderId": {"type": "string", "format": "uuid"},
                "reservationId": {"type": "string", "format": "uuid", "description": "Reservation created."},
                "warehouse": {"type": "string", "enum": ["EAST", "WEST"]},
                "items": {"type": "array", "items": {"type": "object", "required": ["sku"],
                          "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1, "maximum": 1000}}}}
              }
            }
            """;

    private static CompatibilityReport v1To(String from, String to) {
        return SchemaCompatibility.compare(V1, V1.replace(from, to));
    }

    @Test
    void identicalSchemasHaveNoChanges() {
        assertThat(SchemaCompatibility.compare(V1, V1).changes()).isEmpty();
    }

    @Test
    void ignoresDocumentationEdits() {
        assertThat(v1To("Reservation created.", "The reservation that holds the stock.").changes()).isEmpty();
    }

    @Test
    void flagsARemovedRequiredField() {
        CompatibilityReport report = v1To("\"orderId\": {\"type\": \"string\", \"format\": \"uuid\"},", "");

        assertThat(report.isCompatible()).isFalse();
        assertThat(report.breaking()).extracting(SchemaChange::kind, SchemaChange::path)
                .contains(tuple(Kind.REQUIRED_FIELD_REMOVED, "$.orderId"));
    }

    @Test
    void flagsARenamedFieldAsRenameNotAsTwoUnrelatedChanges() {
        // renamed both in "properties" and in "required"
        CompatibilityReport report = v1To("\"reservationId\"", "\"reservationUuid\"");

        assertThat(report.changes()).extracting(SchemaChange::kind, SchemaChange::path, SchemaChange::detail)
                .containsExactly(tuple(Kind.FIELD_RENAMED, "$.reservationId",
                        "field 'reservationId' renamed to 'reservationUuid'"));
        assertThat(report.isCompatible()).isFalse();
    }

    @Test
    void flagsATypeChange() {
        CompatibilityReport report = v1To("\"quantity\": {\"type\": \"integer\"", "\"quantity\": {\"type\": \"string\"");

        assertThat(report.breaking()).extracting(SchemaChange::kind, SchemaChange::path, SchemaChange::detail)
                .containsExactly(tuple(Kind.TYPE_CHANGED, "$.items[].quantity", "type changed from integer to string"));
    }

    @Test
    void flagsAnExistingFieldThatBecameRequired() {
        CompatibilityReport report = v1To("[\"orderId\", \"reservationId\"]", "[\"orderId\", \"reservationId\", \"warehouse\"]");

        assertThat(report.breaking()).extracting(SchemaChange::kind, SchemaChange::path)
                .containsExactly(tuple(Kind.NEWLY_REQUIRED, "$.warehouse"));
    }

    @Test
    void flagsANewFieldThatIsRequired() {
        CompatibilityReport report = v1To("\"required\": [\"orderId\", \"reservationId\"],\n  \"properties\": {",
                "\"required\": [\"orderId\", \"reservationId\", \"expiresAt\"],\n  \"properties\": {\n"
                        + "\"expiresAt\": {\"type\": \"string\", \"format\": \"date-time\"},");

        assertThat(report.breaking()).extracting(SchemaChange::kind, SchemaChange::path)
                .containsExactly(tuple(Kind.NEWLY_REQUIRED, "$.expiresAt"));
    }

    @Test
    void acceptsAnAddedOptionalField() {
        CompatibilityReport report = v1To("\"properties\": {\n    \"orderId\"",
                "\"properties\": {\n    \"note\": {\"type\": \"string\", \"maxLength\": 200},\n    \"orderId\"");

        assertThat(report.isCompatible()).isTrue();
        assertThat(report.changes()).extracting(SchemaChange::kind, SchemaChange::path)
                .containsExactly(tuple(Kind.OPTIONAL_FIELD_ADDED, "$.note"));
    }

    @Test
    void flagsRemovedEnumValuesButAcceptsAddedOnes() {
        assertThat(v1To("[\"EAST\", \"WEST\"]", "[\"EAST\"]").breaking()).extracting(SchemaChange::kind, SchemaChange::detail)
                .containsExactly(tuple(Kind.ENUM_VALUES_REMOVED, "enum values removed: [WEST]"));
        assertThat(v1To("[\"EAST\", \"WEST\"]", "[\"EAST\", \"WEST\", \"NORTH\"]").isCompatible()).isTrue();
    }

    @Test
    void flagsAFieldThatIsNoLongerRequired() {
        assertThat(v1To("[\"orderId\", \"reservationId\"]", "[\"orderId\"]").breaking())
                .extracting(SchemaChange::kind, SchemaChange::path)
                .containsExactly(tuple(Kind.NO_LONGER_REQUIRED, "$.reservationId"));
    }

    @Test
    void flagsAnOptionalFieldRemovedFromAClosedObject() {
        CompatibilityReport report = v1To("\"warehouse\": {\"type\": \"string\", \"enum\": [\"EAST\", \"WEST\"]},", "");

        assertThat(report.breaking()).extracting(SchemaChange::kind).containsExactly(Kind.OPTIONAL_FIELD_REMOVED);
    }

    @Test
    void flagsTightenedBoundsAndAcceptsRelaxedOnes() {
        assertThat(v1To("\"minimum\": 1", "\"minimum\": 2").breaking()).extracting(SchemaChange::detail)
                .containsExactly("minimum tightened from 1 to 2");
        assertThat(v1To("\"maximum\": 1000", "\"maximum\": 5000").isCompatible()).isTrue();
        assertThat(v1To("\"format\": \"uuid\", \"description\"", "\"description\"").isCompatible()).isTrue();
        assertThat(v1To("\"type\": \"string\"}, \"quantity\"", "\"type\": \"string\", \"maxLength\": 8}, \"quantity\"")
                .isCompatible()).isFalse();
    }

    @Test
    void flagsClosingAnOpenObject() {
        CompatibilityReport report = v1To("\"items\": {\"type\": \"object\", \"required\"",
                "\"items\": {\"type\": \"object\", \"additionalProperties\": false, \"required\"");

        assertThat(report.breaking()).extracting(SchemaChange::kind, SchemaChange::path)
                .containsExactly(tuple(Kind.CONSTRAINT_TIGHTENED, "$.items[]"));
    }

    @Test
    void treatsAChangeItCannotAnalyseAsBreaking() {
        CompatibilityReport report = v1To("\"type\": \"object\",\n  \"additionalProperties\"",
                "\"type\": \"object\",\n  \"oneOf\": [{\"required\": [\"warehouse\"]}],\n  \"additionalProperties\"");

        assertThat(report.breaking()).extracting(SchemaChange::kind).containsExactly(Kind.UNRECOGNISED_CHANGE);
    }

    @Test
    void findsNoBreakingChangeBetweenACommittedSchemaAndItself() {
        String schema = SchemaCatalog.read("events/InventoryReserved.v1.json");

        assertThat(SchemaCompatibility.compare(schema, schema).changes()).isEmpty();
    }

    @Test
    void refusesASchemaThatIsNotJson() {
        assertThatThrownBy(() -> SchemaCompatibility.compare(V1, "{"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the new schema is not valid JSON");
    }
}
