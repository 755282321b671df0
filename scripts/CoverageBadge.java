import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The coverage badge of the README: line coverage from a JaCoCo CSV report (the aggregate of `make coverage`) as a
 * shields-style SVG, written offline. Line coverage because it is what a reader expects a coverage badge to mean;
 * the report itself has instructions, branches and methods as well.
 *
 * <pre>java scripts/CoverageBadge.java coverage/target/site/jacoco-aggregate/jacoco.csv coverage/target/site/jacoco-aggregate/badge.svg</pre>
 *
 * A single-file program (run by `java`, no build, no dependency) so that the badge can be refreshed from any
 * report without the reactor. Exits 1 with a message when the CSV is missing or has no lines to cover.
 */
public class CoverageBadge {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java scripts/CoverageBadge.java <jacoco.csv> <badge.svg>\n"
                    + "       java scripts/CoverageBadge.java --not-measured <badge.svg>");
            System.exit(2);
        }
        if (args[0].equals("--not-measured")) {
            // The committed badge of a checkout whose full test run has not been measured yet: says so in grey.
            write(Path.of(args[1]), svg("coverage", "not measured", "#9f9f9f"));
            return;
        }
        Path csv = Path.of(args[0]);
        if (!Files.isRegularFile(csv)) {
            System.err.println("no JaCoCo CSV at " + csv + ": run the tests (make test), then make coverage");
            System.exit(1);
        }
        long[] lines = lineCounts(Files.readAllLines(csv, StandardCharsets.UTF_8));
        long total = lines[0] + lines[1];
        if (total == 0) {
            System.err.println(csv + " counts no lines: no class of the project was loaded by a test");
            System.exit(1);
        }
        double percent = 100.0 * lines[1] / total;
        Path out = Path.of(args[1]);
        write(out, svg("coverage", String.format(Locale.ROOT, "%.1f%%", percent), colour(percent)));
        System.out.printf(Locale.ROOT, "line coverage %.1f%% (%d of %d lines) -> %s%n", percent, lines[1], total, out);
    }

    private static void write(Path out, String svg) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, svg, StandardCharsets.UTF_8);
    }

    /** {missed, covered} lines summed over every class row, by the header's column names. */
    static long[] lineCounts(List<String> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("empty CSV: not a JaCoCo report");
        }
        List<String> header = Arrays.asList(rows.get(0).split(","));
        int missed = header.indexOf("LINE_MISSED");
        int covered = header.indexOf("LINE_COVERED");
        if (missed < 0 || covered < 0) {
            throw new IllegalArgumentException("no LINE_MISSED/LINE_COVERED columns: not a JaCoCo CSV report: " + rows.get(0));
        }
        long[] sums = new long[2];
        for (String row : rows.subList(1, rows.size())) {
            if (row.isBlank()) {
                continue;
            }
            // GROUP, PACKAGE and CLASS never contain commas (module names, Java names), so a plain split is exact.
            String[] cells = row.split(",");
            sums[0] += Long.parseLong(cells[missed]);
            sums[1] += Long.parseLong(cells[covered]);
        }
        return sums;
    }

    /** The usual badge scale: red below 50%, then orange, yellow, yellow-green, green from 90%. */
    static String colour(double percent) {
        if (percent >= 90) {
            return "#4c1";
        } else if (percent >= 80) {
            return "#97ca00";
        } else if (percent >= 70) {
            return "#dfb317";
        } else if (percent >= 50) {
            return "#fe7d37";
        }
        return "#e05d44";
    }

    /** A flat two-part badge; widths from a per-character estimate of 11 px Verdana, as shields does without fonts. */
    static String svg(String label, String value, String colour) {
        int left = 10 + 7 * label.length();
        int right = 10 + 7 * value.length();
        int width = left + right;
        return """
                <svg xmlns="http://www.w3.org/2000/svg" width="%1$d" height="20" role="img" aria-label="%4$s: %5$s">
                  <title>%4$s: %5$s</title>
                  <linearGradient id="s" x2="0" y2="100%%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
                  <clipPath id="r"><rect width="%1$d" height="20" rx="3" fill="#fff"/></clipPath>
                  <g clip-path="url(#r)">
                    <rect width="%2$d" height="20" fill="#555"/>
                    <rect x="%2$d" width="%3$d" height="20" fill="%6$s"/>
                    <rect width="%1$d" height="20" fill="url(#s)"/>
                  </g>
                  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
                    <text x="%7$s" y="15" fill="#010101" fill-opacity=".3">%4$s</text>
                    <text x="%7$s" y="14">%4$s</text>
                    <text x="%8$s" y="15" fill="#010101" fill-opacity=".3">%5$s</text>
                    <text x="%8$s" y="14">%5$s</text>
                  </g>
                </svg>
                """.formatted(width, left, right, label, value, colour, left / 2.0, left + right / 2.0);
    }
}
