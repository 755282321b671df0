package io.firedrill.drill.runbook;

import io.firedrill.chaos.core.MarkdownAnchors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One section of a runbook, addressed as {@code runbooks/<file>.md#<anchor>} (the alerts' runbook_url form; {@code
 * oversell#diagnosis} and {@code oversell.md#diagnosis} work too): its text up to the next heading of the same or a
 * higher level, its {@code ```bash runnable} blocks, the diagnosis ids it names ({@code Diagnosis id: x.y} lines) and
 * the other runbooks it links to.
 */
public record RunbookSection(String ref, Path file, String anchor, String text, List<String> runnableBlocks,
                             List<String> diagnosisIds, List<String> linkedRunbooks) {

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern RUNNABLE = Pattern.compile("```bash runnable\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern DIAGNOSIS_ID = Pattern.compile("(?m)^\\**Diagnosis id:\\**\\s*`?([a-z0-9][a-z0-9.\\-]*)`?");
    private static final Pattern LINK = Pattern.compile("\\]\\(([a-z0-9\\-]+\\.md)(#[a-z0-9\\-]+)?\\)");

    /** Reads the section {@code ref} names; an unknown file or anchor is an IllegalArgumentException naming what exists. */
    public static RunbookSection read(Path projectRoot, String ref) {
        if (ref == null || !ref.contains("#")) {
            throw new IllegalArgumentException("'" + ref + "' is not RUNBOOK#SECTION (e.g. runbooks/oversell.md#diagnosis)");
        }
        String name = ref.substring(0, ref.indexOf('#'));
        String anchor = ref.substring(ref.indexOf('#') + 1);
        if (!name.endsWith(".md")) {
            name = name + ".md";
        }
        if (!name.startsWith("runbooks/")) {
            name = "runbooks/" + name;
        }
        Path file = projectRoot.resolve(name).normalize();
        if (!file.startsWith(projectRoot.resolve("runbooks")) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no runbook " + name + " (runbooks are runbooks/*.md)");
        }
        try {
            return section(ref, file, anchor, Files.readAllLines(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static RunbookSection section(String ref, Path file, String anchor, List<String> lines) throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        boolean fence = false;
        int start = -1;
        int level = 0;
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            boolean fenceLine = line.startsWith("```");
            Matcher m = HEADING.matcher(line);
            if (!fence && m.matches()) {
                String slug = MarkdownAnchors.slug(m.group(2));
                int n = seen.merge(slug, 1, Integer::sum);
                String id = n == 1 ? slug : slug + "-" + (n - 1);
                if (start >= 0 && m.group(1).length() <= level) {
                    break;
                }
                if (start < 0 && id.equals(anchor)) {
                    start = 1;
                    level = m.group(1).length();
                }
            }
            if (fenceLine) {
                fence = !fence;
            }
            if (start >= 0) {
                text.append(line).append('\n');
            }
        }
        if (start < 0) {
            throw new IllegalArgumentException("runbook " + file.getFileName() + " has no section #" + anchor + "; sections: "
                    + String.join(", ", MarkdownAnchors.of(file)));
        }
        String body = text.toString();
        List<String> blocks = new ArrayList<>();
        Matcher runnable = RUNNABLE.matcher(body);
        while (runnable.find()) {
            blocks.add(runnable.group(1));
        }
        List<String> ids = new ArrayList<>();
        Matcher id = DIAGNOSIS_ID.matcher(body);
        while (id.find()) {
            ids.add(id.group(1));
        }
        List<String> links = new ArrayList<>();
        Matcher link = LINK.matcher(body);
        while (link.find()) {
            if (!link.group(1).equals(file.getFileName().toString()) && !links.contains(link.group(1))) {
                links.add(link.group(1));
            }
        }
        return new RunbookSection(ref, file, anchor, body, List.copyOf(blocks), List.copyOf(ids), List.copyOf(links));
    }
}
