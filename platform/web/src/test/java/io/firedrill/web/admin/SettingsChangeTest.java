package io.firedrill.web.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Typed access to a PATCH body: a wrong type names the field, never a silent default. */
class SettingsChangeTest {

    private static SettingsChange change(String json) {
        return new SettingsChange(JsonMapper.shared().readTree(json));
    }

    @Test
    void readsEachTypeAndLeavesAbsentFieldsEmpty() {
        SettingsChange c = change("{\"guard\":false,\"ttl\":5,\"ratio\":0.25,\"wait\":\"2s\",\"ms\":250,\"mode\":\"primary\"}");
        assertThat(c.bool("guard")).contains(false);
        assertThat(c.integer("ttl")).contains(5);
        assertThat(c.number("ratio")).contains(0.25);
        assertThat(c.duration("wait")).contains(Duration.ofSeconds(2));
        assertThat(c.duration("ms")).contains(Duration.ofMillis(250));
        assertThat(c.choice("mode", Mode.class)).contains(Mode.PRIMARY);
        assertThat(c.bool("absent")).isEmpty();
        assertThat(c.names()).containsExactly("guard", "mode", "ms", "ratio", "ttl", "wait");
    }

    @Test
    void aWrongTypeNamesTheField() {
        SettingsChange c = change("{\"guard\":\"no\",\"ttl\":1.5,\"wait\":\"soon\",\"mode\":\"sometimes\",\"n\":null}");
        assertThatThrownBy(() -> c.bool("guard")).isInstanceOf(SettingsChange.InvalidValue.class).hasMessageStartingWith("guard ");
        assertThatThrownBy(() -> c.integer("ttl")).hasMessageStartingWith("ttl ");
        assertThatThrownBy(() -> c.duration("wait")).hasMessageStartingWith("wait ");
        assertThatThrownBy(() -> c.choice("mode", Mode.class)).hasMessageContaining("primary");
        assertThatThrownBy(() -> c.text("n")).hasMessage("n must not be null");
    }

    enum Mode { PRIMARY, REPLICA }
}
