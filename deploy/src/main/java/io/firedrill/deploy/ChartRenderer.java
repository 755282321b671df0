package io.firedrill.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code helm template} and {@code helm lint} of the chart, in-process: helm-java runs Helm's own Go library (a native
 * library shipped in the Maven artifact, loaded with JNA), so the templates are rendered by real Helm, sprig functions
 * included, without a cluster ({@code lookup} answers nothing, as in {@code helm template}).
 */
public final class ChartRenderer {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The Kubernetes version rendered for (helm-java's default is 1.20, below the chart's kubeVersion). */
    public static final String KUBE_VERSION = "1.30.0";

    private final Path chart;

    public ChartRenderer(Path chart) {
        this.chart = chart;
    }

    /** The rendered manifest, as {@code helm template RELEASE CHART --namespace NAMESPACE --set k=v ...} prints it. */
    public String template(String release, String namespace, Map<String, String> values) {
        TemplateCommand command = new Helm(chart).template().withName(release).withNamespace(namespace)
                .withKubeVersion(KUBE_VERSION);
        values.forEach(command::set);
        return command.call();
    }

    /** The rendered objects, one per YAML document (empty documents dropped). */
    public List<JsonNode> objects(String release, String namespace, Map<String, String> values) {
        return parse(template(release, namespace, values));
    }

    /** {@code helm lint --strict}'s messages with the chart's default values; empty when the chart lints clean. */
    public List<String> lint() {
        var result = new Helm(chart).lint().strict().call();
        List<String> messages = new ArrayList<>(result.getMessages());
        if (result.isFailed() && messages.isEmpty()) {
            messages.add("helm lint failed without a message");
        }
        return messages;
    }

    /** Splits a multi-document YAML stream into its objects. */
    public static List<JsonNode> parse(String manifest) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(manifest)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the rendered manifest is not YAML: " + e.getMessage(), e);
        }
        return objects;
    }
}
