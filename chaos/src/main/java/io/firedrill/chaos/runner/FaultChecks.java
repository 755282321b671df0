package io.firedrill.chaos.runner;

import io.firedrill.chaos.core.MarkdownAnchors;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.stack.Ports;
import io.firedrill.stack.Stack;
import io.firedrill.stack.StackLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Static checks of a scenario's {@code fault:} block, the truth the fault catalog lists and drills score a diagnosis
 * against: present, a root cause in one sentence, well-formed diagnosis ids, components the stack knows, SLOs that
 * alerting/slo defines, and a runbook section that exists. (Diagnosis ids unique across scenarios: the catalog.)
 */
final class FaultChecks {

    static final Pattern DIAGNOSIS_ID = Pattern.compile("^[a-z0-9-]+(\\.[a-z0-9-]+)+$");
    /** A sentence ends where a '.', '!' or '?' is followed by more text: "x. Then y" is two. */
    private static final Pattern SENTENCE_BREAK = Pattern.compile("[.!?]\\s+\\S");

    private FaultChecks() {}

    static List<String> problems(Scenario.Fault fault, Path projectRoot) {
        if (fault == null) {
            return List.of("missing the fault block (fault: root-cause, diagnosis, components, slos, runbook-section; "
                    + "see chaos/README.md, Fault catalog)");
        }
        List<String> problems = new ArrayList<>();
        String cause = fault.rootCause();
        if (cause == null || cause.isBlank()) {
            problems.add("fault: root-cause is missing");
        } else if (SENTENCE_BREAK.matcher(cause.strip()).find()) {
            problems.add("fault: root-cause must be one sentence, got: " + cause.strip());
        }
        if (fault.diagnosis().isEmpty()) {
            problems.add("fault: diagnosis needs at least one id (<component>.<what-is-wrong>, e.g. inventory.confirm-guard-off)");
        }
        Set<String> ids = new HashSet<>();
        for (String id : fault.diagnosis()) {
            if (id == null || !DIAGNOSIS_ID.matcher(id).matches()) {
                problems.add("fault: diagnosis id '" + id + "' is not of the form <component>.<what-is-wrong> (" + DIAGNOSIS_ID + ")");
            } else if (!ids.add(id)) {
                problems.add("fault: diagnosis id '" + id + "' is listed twice");
            }
        }
        List<String> known = knownComponents(projectRoot);
        if (fault.components().isEmpty()) {
            problems.add("fault: components needs at least one of " + known);
        }
        fault.components().stream().filter(c -> !known.contains(c))
                .forEach(c -> problems.add("fault: unknown component '" + c + "'; known: " + String.join(", ", known)));
        for (String slo : fault.slos()) {
            if (slo == null || !Files.isRegularFile(projectRoot.resolve("alerting/slo").resolve(slo + ".yml"))) {
                problems.add("fault: unknown SLO '" + slo + "' (no alerting/slo/" + slo + ".yml)");
            }
        }
        runbookSection(fault.runbookSection(), projectRoot).ifPresent(problems::add);
        return problems;
    }

    private static Optional<String> runbookSection(String section, Path projectRoot) {
        if (section == null || !section.matches("[^#]+\\.md#.+")) {
            return Optional.of("fault: runbook-section must be runbooks/<file>.md#<anchor>, got " + section);
        }
        String file = section.substring(0, section.indexOf('#'));
        String anchor = section.substring(section.indexOf('#') + 1);
        Path doc = projectRoot.resolve(file);
        if (!Files.isRegularFile(doc)) {
            return Optional.of("fault: runbook-section file " + file + " does not exist");
        }
        try {
            Set<String> anchors = MarkdownAnchors.of(doc);
            return anchors.contains(anchor) ? Optional.empty()
                    : Optional.of("fault: " + file + " has no heading with anchor #" + anchor + "; its anchors: " + anchors);
        } catch (IOException e) {
            return Optional.of("fault: cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The stack's infrastructure components and its services, as platform/stack names them. */
    static List<String> knownComponents(Path projectRoot) {
        // Building the Stack only names its parts: no process, port or file is touched.
        Stack stack = new Stack(new StackLayout(projectRoot, projectRoot.resolve(".firedrill"), new Ports(Ports.DEFAULT_BASE)),
                new PrintStream(OutputStream.nullOutputStream()));
        List<String> names = new ArrayList<>(stack.componentNames());
        names.addAll(stack.serviceNames());
        return names;
    }
}
