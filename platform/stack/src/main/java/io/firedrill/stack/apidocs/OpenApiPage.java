package io.firedrill.stack.apidocs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One self-contained HTML page from an OpenAPI 3.0/3.1 document (a service's {@code /v3/api-docs}): its operations
 * grouped by tag, each with its parameters, request body and responses (problem+json ones marked), then every
 * component schema with its properties and constraints; {@code $ref}s are links within the page. Inline CSS, no
 * script and no URL outside the page: CI publishes it as an artifact that must open offline, where Swagger UI (a
 * script bundle served by the running app) cannot.
 *
 * <p>The document's {@code servers} are left out: springdoc fills them with the random port of the test run that
 * captured the document, which says nothing about where the service runs.
 */
public final class OpenApiPage {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final String SCHEMA_REF = "#/components/schemas/";
    /** Nested inline objects deeper than this are named, not expanded: a page, not a schema dump. */
    private static final int MAX_INLINE_DEPTH = 4;
    private static final List<String> CONSTRAINTS = List.of("format", "pattern", "minLength", "maxLength", "minimum",
            "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "uniqueItems", "default", "const",
            "example", "readOnly", "writeOnly", "nullable");

    private final JsonNode document;
    private final JsonNode schemas;
    private final StringBuilder html = new StringBuilder(64 * 1024);
    private final Set<String> operationIds = new HashSet<>();

    private OpenApiPage(JsonNode document) {
        this.document = document;
        this.schemas = document.path("components").path("schemas");
    }

    /** The page of {@code document}, titled with {@code service}'s name. */
    public static String render(String service, JsonNode document) {
        return new OpenApiPage(document).page(service);
    }

    private String page(String service) {
        JsonNode info = document.path("info");
        String title = info.path("title").asText(service);
        Map<String, List<Operation>> byTag = operationsByTag();

        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(service)).append(" API</title>\n<style>").append(CSS).append("</style></head>\n<body>\n");
        html.append("<header><h1>").append(esc(service)).append(" API");
        if (info.hasNonNull("version")) {
            html.append(" <small>").append(esc(info.path("version").asText())).append("</small>");
        }
        // springdoc's default title ("OpenAPI definition") says less than the service's name, hence second.
        html.append("</h1>\n<p class=\"meta\">").append(esc(title)).append(" · OpenAPI ")
                .append(esc(document.path("openapi").asText("?"))).append("</p>\n");
        description(info);
        html.append("</header>\n");

        html.append("<nav><h2>Operations</h2>\n");
        for (Map.Entry<String, List<Operation>> tag : byTag.entrySet()) {
            html.append("<h3>").append(esc(tag.getKey())).append("</h3><ul>\n");
            for (Operation op : tag.getValue()) {
                html.append("<li><a href=\"#").append(op.anchor).append("\"><span class=\"method ").append(op.method)
                        .append("\">").append(op.method.toUpperCase()).append("</span> <code>").append(esc(op.path))
                        .append("</code></a> ").append(esc(op.node.path("summary").asText(""))).append("</li>\n");
            }
            html.append("</ul>\n");
        }
        if (schemas.size() > 0) {
            html.append("<h3>Schemas</h3><ul class=\"schemas\">\n");
            schemas.fieldNames().forEachRemaining(name -> html.append("<li><a href=\"#").append(schemaAnchor(name))
                    .append("\">").append(esc(name)).append("</a></li>\n"));
            html.append("</ul>\n");
        }
        html.append("</nav>\n<main>\n");

        for (Map.Entry<String, List<Operation>> tag : byTag.entrySet()) {
            html.append("<h2 class=\"tag\">").append(esc(tag.getKey())).append("</h2>\n");
            description(tagNode(tag.getKey()));
            tag.getValue().forEach(this::operation);
        }
        if (schemas.size() > 0) {
            html.append("<h2 class=\"tag\">Schemas</h2>\n");
            schemas.fields().forEachRemaining(schema -> componentSchema(schema.getKey(), schema.getValue()));
        }
        html.append("</main>\n</body></html>\n");
        return html.toString();
    }

    // --- operations ------------------------------------------------------------------------------------------

    private record Operation(String path, String method, JsonNode node, JsonNode pathItem, String anchor) {}

    /** Tags in the document's own order, then in order of first use; untagged operations last. */
    private Map<String, List<Operation>> operationsByTag() {
        Map<String, List<Operation>> byTag = new LinkedHashMap<>();
        document.path("tags").forEach(tag -> byTag.put(tag.path("name").asText(), new ArrayList<>()));
        List<Operation> untagged = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            for (String method : METHODS) {
                JsonNode node = path.getValue().get(method);
                if (node == null) {
                    continue;
                }
                Operation op = new Operation(path.getKey(), method, node, path.getValue(), operationAnchor(method, path.getKey()));
                if (node.path("tags").size() == 0) {
                    untagged.add(op);
                } else {
                    byTag.computeIfAbsent(node.path("tags").get(0).asText(), t -> new ArrayList<>()).add(op);
                }
            }
        });
        byTag.values().removeIf(List::isEmpty);
        if (!untagged.isEmpty()) {
            byTag.put("untagged", untagged);
        }
        return byTag;
    }

    private void operation(Operation op) {
        boolean deprecated = op.node.path("deprecated").asBoolean(false);
        html.append("<section class=\"op").append(deprecated ? " deprecated" : "").append("\" id=\"").append(op.anchor)
                .append("\">\n<h3><span class=\"method ").append(op.method).append("\">").append(op.method.toUpperCase())
                .append("</span> <code>").append(esc(op.path)).append("</code>");
        if (deprecated) {
            html.append(" <span class=\"badge\">deprecated</span>");
        }
        html.append("</h3>\n");
        if (op.node.hasNonNull("summary")) {
            html.append("<p class=\"summary\">").append(esc(op.node.path("summary").asText())).append("</p>\n");
        }
        description(op.node);
        if (op.node.hasNonNull("operationId")) {
            html.append("<p class=\"meta\">operationId <code>").append(esc(op.node.path("operationId").asText()))
                    .append("</code></p>\n");
        }
        parameters(op);
        requestBody(op.node.path("requestBody"));
        responses(op.node.path("responses"));
        html.append("</section>\n");
    }

    /** Path-level parameters apply to every operation of the path unless the operation redefines them. */
    private void parameters(Operation op) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (JsonNode p : List.of(op.pathItem.path("parameters"), op.node.path("parameters"))) {
            p.forEach(parameter -> {
                JsonNode resolved = resolve(parameter);
                byKey.put(resolved.path("in").asText() + ":" + resolved.path("name").asText(), resolved);
            });
        }
        if (byKey.isEmpty()) {
            return;
        }
        html.append("<h4>Parameters</h4>\n<table><tr><th>name</th><th>in</th><th>type</th><th>required</th>"
                + "<th>description</th></tr>\n");
        for (JsonNode parameter : byKey.values()) {
            JsonNode schema = parameter.path("schema");
            html.append("<tr><td><code>").append(esc(parameter.path("name").asText())).append("</code></td><td>")
                    .append(esc(parameter.path("in").asText())).append("</td><td>").append(type(schema))
                    .append(constraints(schema)).append("</td><td>")
                    .append(parameter.path("required").asBoolean(false) ? "yes" : "no").append("</td><td>")
                    .append(esc(parameter.path("description").asText(""))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void requestBody(JsonNode body) {
        if (body.isMissingNode()) {
            return;
        }
        JsonNode resolved = resolve(body);
        html.append("<h4>Request body").append(resolved.path("required").asBoolean(false) ? " (required)" : "")
                .append("</h4>\n");
        description(resolved);
        resolved.path("content").fields().forEachRemaining(content -> {
            html.append("<div class=\"content\"><p><code>").append(esc(content.getKey())).append("</code></p>\n");
            schemaBlock(content.getValue().path("schema"), 0);
            html.append("</div>\n");
        });
    }

    private void responses(JsonNode responses) {
        if (responses.size() == 0) {
            return;
        }
        html.append("<h4>Responses</h4>\n<table class=\"responses\"><tr><th>status</th><th>description</th>"
                + "<th>content</th></tr>\n");
        responses.fields().forEachRemaining(entry -> {
            JsonNode response = resolve(entry.getValue());
            boolean problem = hasProblemContent(response);
            html.append("<tr").append(problem ? " class=\"problem\"" : "").append("><td><code>").append(esc(entry.getKey()))
                    .append("</code>");
            if (problem) {
                html.append(" <span class=\"badge problem\">problem+json</span>");
            }
            html.append("</td><td class=\"desc\">").append(esc(response.path("description").asText(""))).append("</td><td>");
            response.path("content").fields().forEachRemaining(content -> {
                html.append("<div class=\"content\"><p><code>").append(esc(content.getKey())).append("</code></p>\n");
                schemaBlock(content.getValue().path("schema"), 0);
                html.append("</div>");
            });
            html.append("</td></tr>\n");
        });
        html.append("</table>\n");
    }

    static boolean hasProblemContent(JsonNode response) {
        for (var names = response.path("content").fieldNames(); names.hasNext(); ) {
            if (names.next().startsWith("application/problem+json")) {
                return true;
            }
        }
        return false;
    }

    // --- schemas ---------------------------------------------------------------------------------------------

    private void componentSchema(String name, JsonNode schema) {
        html.append("<section class=\"schema\" id=\"").append(schemaAnchor(name)).append("\">\n<h3>").append(esc(name))
                .append("</h3>\n");
        schemaBlock(schema, 0);
        html.append("</section>\n");
    }

    /** A schema where it is used: its type, its description and constraints, and the properties of an inline object. */
    private void schemaBlock(JsonNode schema, int depth) {
        if (schema.isMissingNode()) {
            return;
        }
        html.append("<p>").append(type(schema)).append(constraints(schema)).append("</p>\n");
        if (!schema.has("$ref")) {
            description(schema);
        }
        JsonNode properties = schema.path("properties");
        if (properties.size() > 0) {
            if (depth >= MAX_INLINE_DEPTH) {
                html.append("<p class=\"meta\">(").append(properties.size()).append(" properties, not expanded)</p>\n");
                return;
            }
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            html.append("<table class=\"properties\"><tr><th>property</th><th>type</th><th>required</th>"
                    + "<th>description</th></tr>\n");
            properties.fields().forEachRemaining(property -> {
                JsonNode value = property.getValue();
                html.append("<tr><td><code>").append(esc(property.getKey())).append("</code></td><td>");
                if (value.path("properties").size() > 0 || value.path("items").path("properties").size() > 0) {
                    schemaBlock(value.path("properties").size() > 0 ? value : value.path("items"), depth + 1);
                } else {
                    html.append(type(value)).append(constraints(value));
                }
                html.append("</td><td>").append(required.contains(property.getKey()) ? "yes" : "no")
                        .append("</td><td class=\"desc\">").append(esc(value.path("description").asText("")))
                        .append("</td></tr>\n");
            });
            html.append("</table>\n");
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            schema.path(combinator).forEach(part -> {
                if (part.path("properties").size() > 0) {
                    schemaBlock(part, depth + 1);
                }
            });
        }
    }

    /** The type of a schema in a few words, {@code $ref}s as links to the schema's section. */
    String type(JsonNode schema) {
        if (schema.isMissingNode() || schema.isNull() || schema.size() == 0) {
            return "any";
        }
        if (schema.has("$ref")) {
            return ref(schema.path("$ref").asText());
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.has(combinator)) {
                List<String> parts = new ArrayList<>();
                schema.path(combinator).forEach(part -> parts.add(type(part)));
                String label = combinator.equals("allOf") ? "all of " : combinator.equals("oneOf") ? "one of " : "any of ";
                return label + String.join(combinator.equals("allOf") ? " &amp; " : " | ", parts);
            }
        }
        List<String> types = new ArrayList<>();
        if (schema.path("type").isArray()) {
            schema.path("type").forEach(t -> types.add(t.asText()));
        } else if (schema.has("type")) {
            types.add(schema.path("type").asText());
        } else if (schema.has("properties")) {
            types.add("object");
        }
        if (types.isEmpty()) {
            return "any";
        }
        List<String> described = new ArrayList<>();
        for (String t : types) {
            if (t.equals("array")) {
                described.add("array of " + type(schema.path("items")));
            } else if (t.equals("object") && schema.has("additionalProperties") && !schema.has("properties")) {
                JsonNode values = schema.path("additionalProperties");
                described.add("map of " + (values.isBoolean() ? "any" : type(values)));
            } else {
                described.add(esc(t));
            }
        }
        return String.join(" | ", described);
    }

    private String ref(String ref) {
        if (ref.startsWith(SCHEMA_REF)) {
            String name = ref.substring(SCHEMA_REF.length());
            if (schemas.has(name)) {
                return "<a href=\"#" + schemaAnchor(name) + "\">" + esc(name) + "</a>";
            }
        }
        return "<span class=\"unresolved\" title=\"not in this document\">" + esc(ref) + "</span>";
    }

    private String constraints(JsonNode schema) {
        List<String> parts = new ArrayList<>();
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.path("enum").forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
            parts.add("one of: " + esc(String.join(", ", values)));
        }
        for (String constraint : CONSTRAINTS) {
            JsonNode value = schema.get(constraint);
            if (value != null && !value.isNull()) {
                parts.add(constraint + ": " + esc(value.isTextual() ? value.asText() : value.toString()));
            }
        }
        if (schema.path("deprecated").asBoolean(false)) {
            parts.add("deprecated");
        }
        if (parts.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<ul class=\"constraints\">");
        parts.forEach(part -> out.append("<li>").append(part).append("</li>"));
        return out.append("</ul>").toString();
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** A {@code $ref} to a parameter, request body or response resolved within the document (one hop). */
    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (!ref.startsWith("#/")) {
            return node;
        }
        JsonNode target = document;
        for (String segment : ref.substring(2).split("/")) {
            target = target.path(segment.replace("~1", "/").replace("~0", "~"));
        }
        return target.isMissingNode() ? node : target;
    }

    private JsonNode tagNode(String name) {
        for (JsonNode tag : document.path("tags")) {
            if (tag.path("name").asText().equals(name)) {
                return tag;
            }
        }
        return MissingNode.getInstance();
    }

    private void description(JsonNode node) {
        String text = node.path("description").asText("");
        if (!text.isBlank()) {
            html.append("<p class=\"desc\">").append(esc(text)).append("</p>\n");
        }
    }

    private String operationAnchor(String method, String path) {
        String base = "op-" + method + "-" + slug(path);
        String anchor = base;
        for (int n = 2; !operationIds.add(anchor); n++) {
            anchor = base + "-" + n;
        }
        return anchor;
    }

    static String schemaAnchor(String name) {
        return "schema-" + slug(name);
    }

    private static String slug(String text) {
        String slug = text.replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "root" : slug;
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;display:grid;\
            grid-template-columns:minmax(220px,300px) 1fr;grid-template-areas:"head head" "nav main"}\
            header{grid-area:head;padding:16px 24px;border-bottom:1px solid #d8dde6;background:#f6f8fb}\
            header h1{margin:0}header small{font-size:60%;color:#59627a}\
            nav{grid-area:nav;padding:8px 16px;border-right:1px solid #d8dde6;font-size:13px}\
            nav ul{list-style:none;padding:0;margin:0 0 12px}nav li{margin:3px 0}nav a{text-decoration:none;color:inherit}\
            main{grid-area:main;padding:8px 24px;min-width:0}\
            h2.tag{border-bottom:2px solid #d8dde6;padding-bottom:4px;margin-top:32px}\
            section{border:1px solid #d8dde6;border-radius:6px;padding:4px 16px 12px;margin:16px 0}\
            section.deprecated{opacity:.7}\
            .method{display:inline-block;min-width:52px;text-align:center;border-radius:4px;color:#fff;font:bold 12px monospace;\
            padding:2px 4px;background:#59627a}\
            .method.get{background:#2f7bd1}.method.post{background:#2e9e5b}.method.put{background:#b7791f}\
            .method.patch{background:#7a5bc7}.method.delete{background:#c53b3b}\
            table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #d8dde6;padding:4px 8px;\
            text-align:left;vertical-align:top}th{background:#f6f8fb;font-weight:600}\
            tr.problem td{background:#fff6f0}.badge{font-size:11px;border-radius:8px;padding:1px 6px;background:#e4e7ee}\
            .badge.problem{background:#f3c9a9;color:#6b2f07}.desc{white-space:pre-line}.meta{color:#59627a;font-size:12px}\
            ul.constraints{margin:2px 0 0;padding-left:16px;color:#59627a;font-size:12px}\
            .unresolved{color:#c53b3b}code{font-size:13px}.content p{margin:2px 0}\
            """;
}
