package io.firedrill.chaos.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The anchors GitHub gives a Markdown file's headings, so {@code runbooks/x.md#section} can be checked: lower case,
 * punctuation dropped, spaces to hyphens, {@code -1}, {@code -2} for repeats; headings inside code fences do not count.
 * (The same rule as alerting/generator/AlertLint, which checks the alerts' runbook_url.)
 */
public final class MarkdownAnchors {

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    private MarkdownAnchors() {}

    public static Set<String> of(Path markdown) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fence = false;
        for (String line : Files.readAllLines(markdown)) {
            if (line.startsWith("```")) {
                fence = !fence;
            }
            Matcher m = HEADING.matcher(line);
            if (fence || !m.matches()) {
                continue;
            }
            String slug = slug(m.group(1));
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }

    /** The anchor of one heading's text, e.g. {@code "Mitigation (by hand)"} gives {@code mitigation-by-hand}. */
    public static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
