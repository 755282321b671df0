package io.firedrill.drill.report;

import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Every finished drill under {@code drills/}: a table for the terminal and {@code drills/index.html} linking each report. */
public final class History {

    private History() {}

    public static List<DrillRecord> drills(DrillFiles files) {
        List<DrillRecord> drills = new ArrayList<>();
        if (!Files.isDirectory(files.drills())) {
            return drills;
        }
        try (Stream<Path> dirs = Files.list(files.drills())) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("drill.json"))).toList()) {
                try {
                    DrillRecord d = DrillFiles.read(dir.resolve("drill.json"), DrillRecord.class);
                    if (d.phase == DrillRecord.Phase.finished) {
                        drills.add(d);
                    }
                } catch (RuntimeException unreadable) {
                    // A damaged record is left out of the history, not fatal to it.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        drills.sort(Comparator.comparing((DrillRecord d) -> d.startedAt));
        return drills;
    }

    public static String table(List<DrillRecord> drills) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-22s %-12s %-28s %-20s %9s %9s %9s %6s  %s%n",
                "drill", "player", "scenario", "date (UTC)", "TTA", "TTD", "TTM", "score", "outcome"));
        for (DrillRecord d : drills) {
            t.append(String.format(Locale.ROOT, "%-22s %-12s %-28s %-20s %9s %9s %9s %6s  %s%n", d.id, d.player, d.scenario,
                    d.startedAt.toString().substring(0, 19).replace('T', ' '), DrillReports.secs(d.tta()), DrillReports.secs(d.ttd()),
                    DrillReports.secs(d.ttm()), d.score == null ? "—" : d.score.score(), d.outcome));
        }
        return t.toString();
    }

    /**
     * bench/results/drills.md: per scenario, the latest finished drill of {@code player}: its TTA, TTD and TTM beside the
     * first page's delay after the fault and each expected alert's pipeline floor.
     */
    public static String figures(List<DrillRecord> drills, String player) {
        java.util.Map<String, DrillRecord> latest = new java.util.TreeMap<>();
        for (DrillRecord d : drills) {
            if (d.player.equals(player) && !d.control) {
                latest.put(d.scenario, d);
            }
        }
        StringBuilder md = new StringBuilder("# Drill figures: the reference responder per scenario\n\n");
        md.append("Written by `bin/firedrill-drill figures --write` from `.firedrill/drills/` (the latest drill of player `")
                .append(player).append("` per scenario, e.g. the runs of `make test-drills`). Demo alert profile, one 2-core machine, ")
                .append("background checkouts at the drill's rate. *Page* is the first notification of an expected alert after the ")
                .append("fault; the *floor* is that alert's pipeline delay read live (scrape + evaluation + `for` + group_wait): no ")
                .append("page can come sooner after the fault shows in the metrics. TTA is page to ack, TTD fault to correct ")
                .append("diagnosis, TTM fault to verified mitigation (including the invariant checks). `start` hands the drill to the player only once the ")
                .append("scenario's method has run: a method with foreground steps after its fault (schema-drift follows 20 s of checkouts ")
                .append("until they end) counts that wait in TTA. An expected alert shown as — did not fire: the runbook ended the fault ")
                .append("before its condition was met.\n\n");
        md.append("| scenario | drill | outcome | expected alert: page after fault / floor | TTA | TTD | TTM | score |\n");
        md.append("|---|---|---|---|---:|---:|---:|---:|\n");
        for (DrillRecord d : latest.values()) {
            List<String> alerts = new ArrayList<>();
            d.alertFloors.forEach((alert, floor) -> {
                Double page = d.pages.stream().filter(p -> p.alert().equals(alert) && p.status().equals("firing")
                        && d.faultAt != null && !p.receivedAt().isBefore(d.faultAt))
                        .map(p -> DrillRecord.seconds(d.faultAt, p.receivedAt())).findFirst().orElse(null);
                alerts.add(String.format(Locale.ROOT, "%s: %s / %.1f s", alert, DrillReports.secs(page), floor));
            });
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", d.scenario, d.id, d.outcome,
                    String.join("; ", alerts), DrillReports.secs(d.tta()), DrillReports.secs(d.ttd()), DrillReports.secs(d.ttm()),
                    d.score == null ? "—" : d.score.score()));
        }
        return md.toString();
    }

    public static Path writeIndex(DrillFiles files) {
        List<DrillRecord> drills = drills(files);
        StringBuilder h = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Firedrill drills</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}")
                .append("</style></head><body><h1>Drill history</h1><table id=\"history\"><tr><th>drill</th><th>player</th><th>scenario</th>")
                .append("<th>date (UTC)</th><th>TTA</th><th>TTD</th><th>TTM</th><th>score</th><th>outcome</th></tr>\n");
        for (DrillRecord d : drills) {
            h.append("<tr><td><a href=\"").append(DrillReports.esc(d.id)).append("/report.html\">").append(DrillReports.esc(d.id)).append("</a></td><td>")
                    .append(DrillReports.esc(d.player)).append("</td><td>").append(DrillReports.esc(d.scenario)).append("</td><td>").append(d.startedAt)
                    .append("</td><td>").append(DrillReports.secs(d.tta())).append("</td><td>").append(DrillReports.secs(d.ttd())).append("</td><td>")
                    .append(DrillReports.secs(d.ttm())).append("</td><td>").append(d.score == null ? "—" : d.score.score()).append("</td><td>")
                    .append(d.outcome).append("</td></tr>\n");
        }
        h.append("</table></body></html>\n");
        Path index = files.drills().resolve("index.html");
        try {
            Files.createDirectories(files.drills());
            Files.writeString(index, h.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return index;
    }
}
