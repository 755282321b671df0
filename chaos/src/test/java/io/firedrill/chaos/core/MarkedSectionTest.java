package io.firedrill.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated section is rewritten between its markers and nowhere else. */
class MarkedSectionTest {

    private final MarkedSection section = new MarkedSection("<!-- t:begin -->", "<!-- t:end -->");

    @Test
    void writeReplacesOnlyWhatLiesBetweenTheMarkers(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("README.md"), "intro\n<!-- t:begin -->\nold\n<!-- t:end -->\noutro\n");

        section.write(file, "| new |\n");

        assertThat(Files.readString(file)).isEqualTo("intro\n<!-- t:begin -->\n| new |\n<!-- t:end -->\noutro\n");
        assertThat(section.current(file)).isEqualTo("| new |\n");
    }

    @Test
    void withoutMarkersNothingIsWrittenAndCurrentIsNull(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("README.md"), "no markers\n");

        assertThat(section.current(file)).isNull();
        assertThatThrownBy(() -> section.write(file, "x\n")).isInstanceOf(IllegalStateException.class).hasMessageContaining("<!-- t:begin -->");
        assertThat(Files.readString(file)).isEqualTo("no markers\n");
    }
}
