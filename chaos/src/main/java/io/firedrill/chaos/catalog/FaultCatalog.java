package io.firedrill.chaos.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.firedrill.chaos.runner.ScenarioFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fault catalog: every scenario's fault, generated from chaos/scenarios into {@link #FILE} ({@code make
 * chaos-catalog}), the list drills draw faults from and score diagnoses against. JSON, so the drill CLI, a script
 * ({@code jq}) or an agent reads it without a YAML parser; it is generated, never edited, so YAML's comments would buy
 * nothing. A diagnosis id belongs to one fault only: a drill must be able to tell faults apart.
 *
 * @param generated how the file came to be (the file cannot carry a comment)
 */
public record FaultCatalog(String generated, List<FaultEntry> faults) {

    public static final String FILE = "chaos/faults.json";
    static final String GENERATED = "by `make chaos-catalog` (firedrill-chaos catalog --write) from chaos/scenarios/*/scenario.yaml; do not edit";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .setDefaultPrettyPrinter(prettyPrinter())
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** The catalog of every scenario under {@code projectRoot}/chaos/scenarios, in name order. */
    public static FaultCatalog load(Path projectRoot) {
        return of(ScenarioFile.names(projectRoot).stream().map(name -> ScenarioFile.load(projectRoot, name)).toList());
    }

    /** The catalog of these scenarios; a diagnosis id declared by two of them is an error naming both. */
    public static FaultCatalog of(List<ScenarioFile> files) {
        Map<String, String> owner = new LinkedHashMap<>();
        List<String> clashes = new ArrayList<>();
        for (ScenarioFile file : files) {
            if (file.scenario().fault() == null) {
                throw new IllegalArgumentException(file.path() + " has no fault block: the catalog cannot list it");
            }
            for (String id : file.scenario().fault().diagnosis()) {
                String first = owner.putIfAbsent(id, file.name());
                if (first != null) {
                    clashes.add("diagnosis id '" + id + "' is declared by both " + first + " and " + file.name());
                }
            }
        }
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", clashes) + ": a drill could not tell those faults apart");
        }
        return new FaultCatalog(GENERATED, files.stream().map(FaultEntry::of).toList());
    }

    /** {@code jq}'s layout: {@code "key": value}, one array element a line (a changed lever is a one-line diff). */
    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withArrayEmptySeparator(""));
        printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        return printer;
    }

    /** The content of {@link #FILE}. */
    public String json() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the fault catalog: " + e.getMessage(), e);
        }
    }
}
