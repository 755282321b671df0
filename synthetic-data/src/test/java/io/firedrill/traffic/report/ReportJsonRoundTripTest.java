package io.firedrill.traffic.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.traffic.FakeShopAccess;
import io.firedrill.traffic.TrafficResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firedrill-traffic report --from traffic.json}: the JSON a real run wrote (empty maps left out) reads back
 * into a result that renders the same Markdown and HTML as the run itself did.
 */
class ReportJsonRoundTripTest {

    @Test
    void aWrittenRunReadsBackAndRendersTheSameReport(@TempDir Path dir) throws Exception {
        TrafficResult run = FakeShopAccess.shortShopRunWithMarker();
        ReportWriter.Files3 written = ReportWriter.write(run, dir);
        assertThat(Files.readString(written.json())).as("some empty map is left out of the JSON")
                .doesNotContain("\"reasons\" : { }").doesNotContain("\"errors\" : { }");

        TrafficResult readBack = ReportWriter.readJson(written.json());

        assertThat(ReportWriter.markdown(readBack)).isEqualTo(Files.readString(written.markdown()));
        assertThat(ReportWriter.html(readBack)).isEqualTo(Files.readString(written.html()));
    }
}
