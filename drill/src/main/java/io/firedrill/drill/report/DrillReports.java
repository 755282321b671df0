package io.firedrill.drill.report;

import io.firedrill.chaos.core.Timeline;
import io.firedrill.chaos.report.PanelCharts;
import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import io.firedrill.drill.model.ScoreCard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A finished drill's reports, beside its {@code drill.json} (the JSON report): {@code report.md} and a standalone
 * {@code report.html} (no external resource), each with the score card, one merged timeline (fault on, pages, ack, each
 * command, diagnoses, hints, notes, alerts resolved, mitigation verified, rollbacks), the scenario's dashboard panels
 * charted over the drill ({@link PanelCharts}, shared with the chaos reports) and the drafted blameless postmortem;
 * the postmortem also alone as {@code postmortem.md}, for the debrief.
 */
public final class DrillReports {

    private DrillReports() {}

    public static void write(DrillRecord drill, Path dir) {
        try {
            Files.createDirectories(dir);
            String postmortem = postmortem(drill);
            Files.writeString(dir.resolve("report.md"), markdown(drill, postmortem));
            Files.writeString(dir.resolve("postmortem.md"), postmortem);
            Files.writeString(dir.resolve("report.html"), html(drill, postmortem));
            DrillFiles.write(dir.resolve("report.json"), drill);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds since the fault (or the start, for a control), as the timeline's "T+" column. */
    static String offset(DrillRecord d, Instant at) {
        Instant zero = d.faultAt != null ? d.faultAt : d.startedAt;
        double s = Duration.between(zero, at).toMillis() / 1000.0;
        return String.format(Locale.ROOT, "%+.1f s", s);
    }

    static String secs(Double s) {
        return s == null ? "—" : String.format(Locale.ROOT, "%.1f s", s);
    }

    static String markdown(DrillRecord d, String postmortem) {
        StringBuilder md = new StringBuilder();
        md.append("# Drill ").append(d.id).append(": ").append(d.truth == null ? d.scenario : d.truth.title()).append("\n\n");
        md.append("Player **").append(d.player).append("**, scenario `").append(d.scenario).append("`, seed ").append(d.seed)
                .append(", started ").append(d.startedAt).append(", time limit ").append(d.timeLimit).append(".\n");
        md.append("Outcome: **").append(d.outcome).append("**").append(d.reason == null ? "" : " (" + d.reason + ")").append(".\n\n");
        md.append("## Score card\n\n");
        ScoreCard s = d.score;
        if (s != null) {
            md.append("**Score: ").append(s.score()).append(" / 100**\n\n");
            md.append("| TTA | TTD | TTM | hints | wrong diagnoses | false positives | checkouts failed | invariant breaches |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            md.append("| ").append(secs(s.ttaSeconds())).append(" | ").append(secs(s.ttdSeconds())).append(" | ").append(secs(s.ttmSeconds()))
                    .append(" | ").append(s.hintsUsed()).append(" | ").append(s.wrongDiagnoses()).append(" | ").append(s.falsePositives())
                    .append(" | ").append(s.checkoutsFailed()).append(" of ").append(s.checkoutsAttempted()).append(" | ")
                    .append(s.invariantBreaches()).append(" |\n\n");
            md.append("| part | basis | points | max |\n|---|---|---:|---:|\n");
            for (ScoreCard.Line line : s.lines()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.0f |%n", line.part(), line.basis(), line.points(), line.max()));
            }
            md.append('\n');
        }
        if (!d.alertFloors.isEmpty()) {
            md.append("Alert pipeline floor (scrape + evaluation + `for` + group_wait, read live at the start; no page can come sooner "
                    + "after the fault shows in the metrics): ");
            md.append(String.join(", ", d.alertFloors.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "`%s` %.1f s", e.getKey(), e.getValue())).toList())).append(".\n\n");
        }
        md.append("## Timeline\n\n| T+ | time (UTC) | event | detail |\n|---:|---|---|---|\n");
        for (DrillRecord.Event e : d.timeline) {
            md.append("| ").append(offset(d, e.at())).append(" | ").append(e.at()).append(" | ").append(e.kind()).append(" | ")
                    .append(e.label().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        md.append(PanelCharts.markdown(d.panels));
        md.append("\n## Commands run (audited)\n\n");
        if (d.commands.isEmpty()) {
            md.append("None.\n");
        }
        for (DrillRecord.CommandRun c : d.commands) {
            md.append("### ").append(c.ref()).append(" block ").append(c.block()).append(" — exit ").append(c.exitCode())
                    .append(c.changesSettings() ? " (changes settings)" : "").append("\n\n")
                    .append("Started ").append(c.start()).append(", ended ").append(c.end()).append(".\n\n```bash\n")
                    .append(c.command()).append("\n```\n\n```text\n").append(c.output().strip()).append("\n```\n\n");
        }
        md.append('\n').append(postmortem.replaceFirst("^# ", "## "));
        return md.toString();
    }

    /** The blameless postmortem draft: the facts filled in, the judgement left to the team. */
    static String postmortem(DrillRecord d) {
        StringBuilder pm = new StringBuilder();
        DrillRecord.Truth t = d.truth;
        pm.append("# Postmortem (draft, blameless): ").append(t == null ? d.scenario : t.title()).append("\n\n");
        pm.append("## Summary\n\n");
        if (d.control) {
            pm.append("A no-fault control drill: nothing was injected. ")
                    .append(d.settingsChanges() == 0 ? "The responder left the system alone." :
                            "The responder changed settings " + d.settingsChanges() + " time(s) on a healthy system (false positives).")
                    .append("\n\n");
        } else {
            pm.append("During a drill started ").append(d.startedAt).append(", the fault of scenario `").append(d.scenario)
                    .append("` was injected at ").append(d.faultAt).append(". ")
                    .append(d.firstPageAt == null ? "No page reached the responder. " : "The first page arrived " + secs(DrillRecord.seconds(d.faultAt, d.firstPageAt)) + " after the fault. ")
                    .append(d.outcome == DrillRecord.Outcome.mitigated ? "Mitigation was verified " + secs(d.ttm()) + " after the fault."
                            : "The incident was not mitigated (" + d.outcome + "); the drill's rollbacks restored the system.")
                    .append("\n\n");
        }
        pm.append("## Impact\n\n");
        pm.append("- Background checkouts: ").append(d.checkoutsFailed).append(" failed of ").append(d.checkoutsAttempted).append(" attempted");
        if (d.checkoutsAttempted > 0) {
            pm.append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * d.checkoutsFailed / d.checkoutsAttempted));
        }
        pm.append(".\n");
        if (d.worstProbeValues.isEmpty()) {
            pm.append("- No unit or order broke a checked invariant.\n");
        }
        d.worstProbeValues.forEach((probe, value) -> pm.append("- Worst value of \"").append(probe).append("\": ")
                .append(String.format(Locale.ROOT, "%.0f", value)).append(".\n"));
        pm.append("- Duration: fault to ").append(d.mitigatedAt != null ? "verified mitigation " + secs(d.ttm()) : "end of drill "
                + secs(DrillRecord.seconds(d.faultAt != null ? d.faultAt : d.startedAt, d.endedAt))).append(".\n\n");
        pm.append("## Timeline\n\n");
        for (DrillRecord.Event e : d.timeline) {
            pm.append("- ").append(e.at()).append(" (").append(offset(d, e.at())).append(") ").append(e.kind()).append(": ")
                    .append(e.label().replace("\n", " ")).append('\n');
        }
        pm.append("\n## Root cause\n\n").append(t == null || t.rootCause() == null ? "(not declared)" : t.rootCause()).append("\n\n");
        if (t != null && !t.diagnosis().isEmpty()) {
            pm.append("Diagnosis ids: ").append(String.join(", ", t.diagnosis())).append(". Submitted: ")
                    .append(d.diagnoses.isEmpty() ? "none" : String.join(", ", d.diagnoses.stream()
                            .map(x -> x.id() + (x.correct() ? " (correct)" : " (wrong)")).toList())).append(".\n\n");
        }
        pm.append("## Detection\n\n");
        List<String> firing = new ArrayList<>();
        for (DrillRecord.Page p : d.pages) {
            if (p.status().equals("firing")) {
                firing.add("`" + p.alert() + "` (" + p.severity() + ") at " + offset(d, p.receivedAt()) + ": " + p.summary()
                        + (p.runbookUrl().isBlank() ? "" : " — runbook " + p.runbookUrl()));
            }
        }
        pm.append(firing.isEmpty() ? "Nothing paged.\n" : "- " + String.join("\n- ", firing) + "\n");
        pm.append("\nAcknowledged: ").append(d.ackAt == null ? "never" : d.ackAt + " (TTA " + secs(d.tta()) + ")").append(".\n\n");
        pm.append("## Mitigation steps taken\n\n");
        if (d.commands.isEmpty()) {
            pm.append("No runbook command was run through the drill.\n");
        }
        for (DrillRecord.CommandRun c : d.commands) {
            pm.append("- ").append(offset(d, c.start())).append(" `").append(c.ref()).append("` block ").append(c.block())
                    .append(", exit ").append(c.exitCode()).append(c.changesSettings() ? " (changed settings)" : "").append('\n');
        }
        if (!d.notes.isEmpty()) {
            pm.append("\nResponder notes:\n");
            d.notes.forEach(n -> pm.append("- ").append(offset(d, n.at())).append(" ").append(n.text()).append('\n'));
        }
        pm.append("\n## What went well\n\n- _(fill in at the debrief)_\n\n## What went poorly\n\n- _(fill in at the debrief)_\n\n");
        pm.append("## Action items\n\n| action | owner | due |\n|---|---|---|\n| _(fill in)_ | | |\n");
        return pm.toString();
    }

    static String html(DrillRecord d, String postmortem) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drill ").append(esc(d.id)).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
                .append(".score{font-size:2.5em;font-weight:bold}.k-page td{background:#fde2e2}.k-mitigation-verified td{background:#d9f5dd}")
                .append("figure.panel{margin:1.5em 0}figure.panel code{font-size:12px;background:#f5f5f5;padding:2px 4px}")
                .append(".k-fault-on td{background:#fff0c2}.k-ack td,.k-diagnosis td{background:#e3eefc}pre{background:#f5f5f5;padding:8px;overflow:auto}")
                .append("</style></head><body>\n");
        h.append("<h1>Drill ").append(esc(d.id)).append(": ").append(esc(d.truth == null ? d.scenario : d.truth.title())).append("</h1>\n");
        h.append("<p>Player <b>").append(esc(d.player)).append("</b>, scenario <code>").append(esc(d.scenario)).append("</code>, outcome <b id=\"outcome\">")
                .append(esc(String.valueOf(d.outcome))).append("</b>").append(d.reason == null ? "" : " (" + esc(d.reason) + ")").append("</p>\n");
        if (d.score != null) {
            ScoreCard s = d.score;
            h.append("<h2>Score card</h2><p class=\"score\" id=\"score\">").append(s.score()).append(" / 100</p>\n<table id=\"scorecard\">")
                    .append("<tr><th>TTA</th><th>TTD</th><th>TTM</th><th>hints</th><th>wrong diagnoses</th><th>false positives</th><th>checkouts failed</th><th>invariant breaches</th></tr><tr><td>")
                    .append(secs(s.ttaSeconds())).append("</td><td>").append(secs(s.ttdSeconds())).append("</td><td>").append(secs(s.ttmSeconds()))
                    .append("</td><td>").append(s.hintsUsed()).append("</td><td>").append(s.wrongDiagnoses()).append("</td><td>").append(s.falsePositives())
                    .append("</td><td>").append(s.checkoutsFailed()).append(" of ").append(s.checkoutsAttempted()).append("</td><td>")
                    .append(s.invariantBreaches()).append("</td></tr></table>\n<table><tr><th>part</th><th>basis</th><th>points</th><th>max</th></tr>");
            for (ScoreCard.Line line : s.lines()) {
                h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.1f</td><td>%.0f</td></tr>", esc(line.part()),
                        esc(line.basis()), line.points(), line.max()));
            }
            h.append("</table>\n");
        }
        if (!d.alertFloors.isEmpty()) {
            h.append("<p id=\"floors\">Alert pipeline floor (scrape + evaluation + for + group_wait; no page can come sooner): ")
                    .append(esc(String.join(", ", d.alertFloors.entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue())).toList()))).append("</p>\n");
        }
        h.append("<h2>Timeline</h2><table id=\"timeline\"><tr><th>T+</th><th>time (UTC)</th><th>event</th><th>detail</th></tr>\n");
        for (DrillRecord.Event e : d.timeline) {
            h.append("<tr class=\"k-").append(esc(e.kind())).append("\"><td>").append(offset(d, e.at())).append("</td><td>").append(e.at())
                    .append("</td><td>").append(esc(e.kind())).append("</td><td>").append(esc(e.label())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        h.append(PanelCharts.html(d.panels, markers(d), d.faultAt != null ? d.faultAt : d.startedAt)).append('\n');
        h.append("<h2>Commands run (audited)</h2>\n");
        for (DrillRecord.CommandRun c : d.commands) {
            h.append("<h3>").append(esc(c.ref())).append(" block ").append(c.block()).append(" — exit ").append(c.exitCode()).append("</h3><pre>")
                    .append(esc(c.command())).append("</pre><pre>").append(esc(c.output().strip())).append("</pre>\n");
        }
        h.append("<section id=\"postmortem\"><pre style=\"white-space:pre-wrap;background:#fff\">").append(esc(postmortem)).append("</pre></section>\n");
        // Proof for a browser check that the page is whole: the script counts the timeline rows it finds.
        h.append("<script>document.body.dataset.timelineRows=String(document.querySelectorAll('#timeline tr').length-1);</script>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The drill's timeline in the shape the panel charts mark (fault on/off, pages, alerts resolved). */
    static List<Timeline.Event> markers(DrillRecord d) {
        return d.timeline.stream().map(e -> new Timeline.Event(e.at(), e.kind(), e.label())).toList();
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
