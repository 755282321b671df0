package io.firedrill.drill.responder;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.drill.client.DrillClient;
import io.firedrill.drill.runbook.RunbookSection;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The reference responder, a player that only follows the runbooks: it waits for the first page on the drill's pager
 * (severity page, or a ticket whose runbook leads to a procedure: some incidents, a lagging replica or a hanging
 * notification provider, announce themselves as tickets before any budget burns; a ticket without one, such as a slow
 * budget burn left from earlier traffic, is not worth an ack), acknowledges it, opens the runbook_url
 * of the first page that leads to a runbook naming a diagnosis id (the alert's entry in runbooks/alerts.md links its full
 * runbook: {@code Full runbook: [x.md](x.md)}); it runs that runbook's {@code #diagnosis} section through the drill, submits the section's
 * {@code Diagnosis id:} line, runs the {@code #mitigation} section, and waits for the drill to end (verified mitigation,
 * or the time limit). Everything goes through the drill API, so it is scored like a human.
 */
public final class ReferenceResponder {

    /** How the drill ended for the responder: the host's outcome and what it did. */
    public record Result(String outcome, String pagedAlert, String runbook, String diagnosis, JsonNode finalStatus) {}

    private final DrillClient client;
    private final Path projectRoot;
    private final PrintStream out;

    public ReferenceResponder(DrillClient client, Path projectRoot, PrintStream out) {
        this.client = client;
        this.projectRoot = projectRoot;
        this.out = out;
    }

    public Result respond(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode first = awaitPage(deadline);
        if (first == null) {
            JsonNode status = awaitEnd(deadline);
            return new Result(status.path("outcome").asText(), null, null, null, status);
        }
        out.println("responder: paged by " + first.path("alert").asText() + " (" + first.path("runbookUrl").asText() + ")");
        client.ack();
        out.println("responder: acknowledged");
        // The first page may be a symptom (a burn rate) whose runbook entry has no procedure: follow the first page whose
        // runbook_url leads to a runbook with a diagnosis id, waiting for more pages while there is none.
        JsonNode page = null;
        String runbook = null;
        int from = 0;
        while (runbook == null && Instant.now().isBefore(deadline)) {
            JsonNode answer = client.pages(from);
            for (JsonNode p : answer.path("pages")) {
                if (runbook == null && p.path("status").asText().equals("firing") && !p.path("runbookUrl").asText().isBlank()) {
                    runbook = diagnosable(p.path("runbookUrl").asText());
                    page = runbook == null ? page : p;
                }
            }
            from = answer.path("next").asInt(from);
            if (runbook == null) {
                if (!answer.path("phase").asText().equals("running")) {
                    break;
                }
                Thread.sleep(1000);
            }
        }
        if (runbook == null) {
            client.note("reference responder: no page led to a runbook with a diagnosis id");
            JsonNode status = awaitEnd(deadline);
            return new Result(status.path("outcome").asText(), first.path("alert").asText(), null, null, status);
        }
        String alert = page.path("alert").asText();
        client.note("reference responder: following " + runbook + " from " + alert + "'s " + page.path("runbookUrl").asText());
        String diagnosisRef = "runbooks/" + runbook + "#diagnosis";
        RunbookSection diagnosis = RunbookSection.read(projectRoot, diagnosisRef);
        JsonNode ran = client.run(diagnosisRef);
        out.println("responder: ran " + diagnosisRef + " (" + ran.path("commands").size() + " blocks)");
        String id = diagnosis.diagnosisIds().get(0);
        JsonNode verdict = client.diagnose(id);
        out.println("responder: diagnosed " + id + (verdict.path("correct").asBoolean() ? " (correct)" : " (wrong)"));
        String mitigationRef = "runbooks/" + runbook + "#mitigation";
        ran = client.run(mitigationRef);
        out.println("responder: ran " + mitigationRef + " (" + ran.path("commands").size() + " blocks)");
        JsonNode status = awaitEnd(deadline);
        out.println("responder: drill ended " + status.path("outcome").asText());
        return new Result(status.path("outcome").asText(), alert, runbook, id, status);
    }

    /**
     * The runbook a page's runbook_url leads to that has a {@code #diagnosis} section naming a diagnosis id: the linked
     * full runbooks first ({@code Full runbook: [x.md](x.md)}), then the page's own file; null when none does.
     */
    String diagnosable(String runbookUrl) {
        RunbookSection paged;
        try {
            paged = RunbookSection.read(projectRoot, runbookUrl);
        } catch (IllegalArgumentException e) {
            return null;
        }
        java.util.List<String> candidates = new java.util.ArrayList<>(paged.linkedRunbooks());
        candidates.add(paged.file().getFileName().toString());
        for (String candidate : candidates) {
            try {
                if (!RunbookSection.read(projectRoot, "runbooks/" + candidate + "#diagnosis").diagnosisIds().isEmpty()) {
                    return candidate;
                }
            } catch (IllegalArgumentException noDiagnosisSection) {
                // Not a procedure runbook; try the next.
            }
        }
        return null;
    }

    private JsonNode awaitPage(Instant deadline) throws InterruptedException {
        int from = 0;
        while (Instant.now().isBefore(deadline)) {
            JsonNode answer = client.pages(from);
            for (JsonNode page : answer.path("pages")) {
                String url = page.path("runbookUrl").asText();
                if (page.path("status").asText().equals("firing") && !url.isBlank()
                        && (page.path("severity").asText().equals("page") || diagnosable(url) != null)) {
                    return page;
                }
            }
            from = answer.path("next").asInt(from);
            if (!answer.path("phase").asText().equals("running")) {
                return null;
            }
            Thread.sleep(1000);
        }
        return null;
    }

    /** Polls the status until the drill has finished; the last status seen. */
    private JsonNode awaitEnd(Instant deadline) throws InterruptedException {
        JsonNode status = client.status();
        while (!status.path("phase").asText().equals("finished") && Instant.now().isBefore(deadline)) {
            Thread.sleep(2000);
            try {
                status = client.status();
            } catch (DrillClient.DrillApiException gone) {
                // The host exits once the reports are written: the last status seen stands.
                break;
            }
        }
        return status;
    }
}
