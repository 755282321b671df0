package io.firedrill.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void aDeadLetterTopicNamesTheTopicItHoldsTheDeadLettersOf() {
        assertThat(Topics.deadLettersOf(Topics.dlq("inventory.commands"))).isEqualTo("inventory.commands");
        assertThat(Topics.isDeadLetter("inventory.commands.dlq")).isTrue();
        assertThat(Topics.isDeadLetter("inventory.commands")).isFalse();
        assertThatThrownBy(() -> Topics.deadLettersOf("inventory.commands"))
                .hasMessage("'inventory.commands' is not a dead-letter topic (must end in .dlq)");
        assertThatThrownBy(() -> Topics.dlq("inventory.commands.dlq")).hasMessageContaining("already a dead-letter topic");
    }

    @Test
    void everyTopicOfARegisteredMessageIsRoutableAndItsDeadLetterTopicIsNot() {
        assertThat(Topics.all()).allMatch(Topics::isRoutable);
        assertThat(Topics.all()).noneMatch(t -> Topics.isRoutable(Topics.dlq(t)));
    }
}
