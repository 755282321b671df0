package io.firedrill.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.contracts.commands.Command;
import io.firedrill.contracts.events.Event;
import io.firedrill.contracts.events.InventoryReserved;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MessageTypeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyPermittedCommandAndEventIsRegistered() {
        Set<Class<?>> permitted = Stream.of(Command.class, Event.class)
                .flatMap(sealed -> Arrays.stream(sealed.getPermittedSubclasses()))
                .collect(Collectors.toSet());

        assertThat(Arrays.stream(MessageType.values()).map(MessageType::recordClass).collect(Collectors.toSet()))
                .isEqualTo(permitted);
    }

    @Test
    void wireNamesAreTheRecordNames() {
        assertThat(MessageType.values())
                .allSatisfy(type -> assertThat(type.typeName()).isEqualTo(type.recordClass().getSimpleName()));
    }

    @Test
    void commandsGoToTheirParticipantsCommandTopicAndEventsToTheEmittersEventTopic() {
        assertThat(MessageType.RESERVE_INVENTORY.topic()).isEqualTo("inventory.commands");
        assertThat(MessageType.AUTHORIZE_PAYMENT.topic()).isEqualTo("payment.commands");
        assertThat(MessageType.CREATE_SHIPMENT.topic()).isEqualTo("shipment.commands");
        assertThat(MessageType.INVENTORY_RESERVED.topic()).isEqualTo("inventory.events");
        assertThat(MessageType.PAYMENT_DECLINED.topic()).isEqualTo("payment.events");
        assertThat(MessageType.ORDER_PLACED.topic()).isEqualTo("order.events");
        assertThat(MessageType.NOTIFICATION_SENT.topic()).isEqualTo("notification.events");
    }

    @Test
    void topicsListEachTopicOnceWithItsDeadLetterTopic() {
        assertThat(Topics.all()).containsExactly("inventory.commands", "inventory.events", "notification.events",
                "order.events", "payment.commands", "payment.events", "shipment.commands", "shipment.events");
        assertThat(Topics.allWithDeadLetters()).hasSize(16).contains("order.events.dlq", "inventory.commands.dlq");
    }

    @Test
    void refusesADeadLetterTopicOfADeadLetterTopic() {
        assertThatThrownBy(() -> Topics.dlq("order.events.dlq")).hasMessageContaining("already a dead-letter topic");
    }

    @Test
    void looksTypesUpByNameAndByClass() {
        assertThat(MessageType.byName("InventoryReserved")).contains(MessageType.INVENTORY_RESERVED);
        assertThat(MessageType.byName("inventoryreserved")).isEmpty();
        assertThat(MessageType.byName(null)).isEmpty();
        assertThat(MessageType.of(InventoryReserved.class)).isEqualTo(MessageType.INVENTORY_RESERVED);
        assertThat(MessageType.INVENTORY_RESERVED.kind()).isEqualTo(MessageKind.EVENT);
        assertThat(MessageType.RESERVE_INVENTORY.kind()).isEqualTo(MessageKind.COMMAND);
    }

    @Test
    void everyRegisteredSchemaIsTitledWithItsTypeAndIdentifiedByItsPath() throws IOException {
        for (SchemaCatalog.Entry entry : SchemaCatalog.entries()) {
            JsonNode schema = JSON.readTree(SchemaCatalog.read(entry.path()));
            assertThat(schema.path("$schema").asText()).as(entry.path()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.path("$id").asText()).as(entry.path()).endsWith("/schemas/" + entry.path());
            assertThat(schema.path("title").asText()).as(entry.path())
                    .isEqualTo(entry.type().typeName());
            assertThat(schema.path("additionalProperties").asBoolean(true))
                    .as(entry.path() + " must close its top-level object to catch drift").isFalse();
        }
    }

    @Test
    void everySchemaFileInTheSourceTreeBelongsToTheRegistry() throws IOException {
        Path root = Path.of("src/main/resources/schemas");
        Set<String> onDisk;
        try (Stream<Path> files = Files.walk(root)) {
            onDisk = files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .collect(Collectors.toSet());
        }

        assertThat(onDisk).isEqualTo(SchemaCatalog.entries().stream().map(SchemaCatalog.Entry::path).collect(Collectors.toSet()));
    }
}
