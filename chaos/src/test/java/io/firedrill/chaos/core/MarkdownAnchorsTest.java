package io.firedrill.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anchors as GitHub makes them, so a runbook link checked here also works when clicked on GitHub. */
class MarkdownAnchorsTest {

    @Test
    void headingsBecomeGithubAnchorsRepeatsNumberedFencesIgnored(@TempDir Path dir) throws Exception {
        Path doc = Files.writeString(dir.resolve("x.md"), """
                # Runbook: replica lag (customers)
                ## Mitigation
                ```bash
                # not a heading: a shell comment
                ```
                ## Mitigation
                ### Step 2: `STOP SLAVE`, then start ##
                """);

        assertThat(MarkdownAnchors.of(doc)).containsExactly("runbook-replica-lag-customers", "mitigation", "mitigation-1",
                "step-2-stop-slave-then-start");
    }
}
