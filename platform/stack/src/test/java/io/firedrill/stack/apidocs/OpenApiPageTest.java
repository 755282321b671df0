package io.firedrill.stack.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page CI publishes for each service, rendered from payment-service's real {@code /v3/api-docs} (fixture
 * apidocs/payment-service-api-docs.json: the target/openapi/payment-service.json that {@code PaymentApiAndSettingsTest}
 * wrote through {@code OpenApiCapture} on the local stack), and from small documents that exercise what that one does
 * not: problem+json responses, combinators, maps, bad refs, markup.
 */
class OpenApiPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HREF = Pattern.compile("href=\"#([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");

    @Test
    void everyOperationOfTheServiceIsOnThePageWithItsParametersResponsesAndSchemas() throws IOException {
        JsonNode document = fixture("payment-service-api-docs.json");

        String page = OpenApiPage.render("payment-service", document);

        assertThat(page).contains("<code>/api/payments/{orderId}</code>").contains("<code>/api/payment-methods</code>");
        List<String> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!op.getKey().equals("parameters")) {
                operations.add(op.getKey());
                assertThat(page).as(op.getKey() + " " + path.getKey())
                        .contains("id=\"op-" + op.getKey() + "-" + path.getKey().replaceAll("[^A-Za-z0-9_.-]+", "-")
                                .replaceAll("^-+|-+$", "") + "\"");
                op.getValue().path("parameters").forEach(p -> assertThat(page).contains(
                        "<code>" + p.path("name").asText() + "</code>"));
                op.getValue().path("responses").fieldNames().forEachRemaining(status -> assertThat(page)
                        .as(op.getKey() + " " + path.getKey() + " " + status).contains("<code>" + status + "</code>"));
            }
        }));
        assertThat(operations).hasSizeGreaterThanOrEqualTo(3);
        document.path("components").path("schemas").fieldNames().forEachRemaining(schema ->
                assertThat(page).contains("id=\"" + OpenApiPage.schemaAnchor(schema) + "\""));
        assertThat(page).contains("<code>paymentId</code>").contains("<code>ledger</code>")
                .contains("array of <a href=\"#schema-LedgerView\">LedgerView</a>");
        assertSelfContained(page);
        assertEveryLinkResolves(page);
    }

    @Test
    void problemJsonResponsesAreMarked() throws IOException {
        JsonNode document = JSON.readTree("""
                {"openapi":"3.1.0","info":{"title":"orders","version":"v1"},
                 "paths":{"/api/orders/{orderId}":{"get":{"tags":["orders"],"parameters":[{"name":"orderId","in":"path",
                   "required":true,"schema":{"type":"string","format":"uuid"}}],
                   "responses":{"200":{"description":"The order","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Order"}}}},
                     "404":{"description":"Unknown order id","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/ProblemDetail"}}}}}}}},
                 "components":{"schemas":{"Order":{"type":"object","properties":{"id":{"type":"string"}}},
                   "ProblemDetail":{"type":"object","properties":{"type":{"type":"string","format":"uri"},"status":{"type":"integer"}}}}}}
                """);

        String page = OpenApiPage.render("order-service", document);

        assertThat(rowOf(page, "<code>404</code>")).startsWith("<tr class=\"problem\">").contains("problem+json")
                .contains("Unknown order id").contains("<a href=\"#schema-ProblemDetail\">ProblemDetail</a>");
        assertThat(rowOf(page, "<code>200</code>")).doesNotContain("problem");
        assertThat(page).contains("format: uuid");
        assertEveryLinkResolves(page);
    }

    @Test
    void describesCombinatorsMapsNullableTypesAndInlineObjects() throws IOException {
        JsonNode document = JSON.readTree("""
                {"openapi":"3.1.0","info":{"title":"shapes"},"paths":{"/api/shapes":{"post":{
                   "requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["kind"],
                     "properties":{"kind":{"type":"string","enum":["CIRCLE","SQUARE"]},
                       "note":{"type":["string","null"],"maxLength":80},
                       "labels":{"type":"object","additionalProperties":{"type":"integer"}},
                       "shape":{"oneOf":[{"$ref":"#/components/schemas/Circle"},{"$ref":"#/components/schemas/Square"}]},
                       "box":{"type":"object","properties":{"width":{"type":"number","minimum":0}}}}}}}},
                   "responses":{"201":{"description":"created"}}}}},
                 "components":{"schemas":{"Circle":{"type":"object","properties":{"r":{"type":"number"}}},
                   "Square":{"type":"object","properties":{"side":{"type":"number"}}}}}}
                """);

        String page = OpenApiPage.render("shapes", document);

        assertThat(page).contains("Request body (required)").contains("one of: CIRCLE, SQUARE")
                .contains("string | null").contains("maxLength: 80").contains("map of integer")
                .contains("one of <a href=\"#schema-Circle\">Circle</a> | <a href=\"#schema-Square\">Square</a>")
                .contains("<code>width</code>").contains("minimum: 0")
                .contains("<h3>untagged</h3>");
        assertThat(rowOf(page, "<code>kind</code>")).contains("<td>yes</td>");
        assertThat(rowOf(page, "<code>note</code>")).contains("<td>no</td>");
        assertEveryLinkResolves(page);
    }

    @Test
    void escapesTheDocumentsTextAndShowsAnUnresolvedRefWithoutALink() throws IOException {
        JsonNode document = JSON.readTree("""
                {"openapi":"3.0.1","info":{"title":"<script>alert(1)</script>","description":"a & b"},
                 "paths":{"/x":{"get":{"summary":"\\"quoted\\" <b>","responses":{"200":{"description":"ok",
                   "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Missing"}}}}}}}}}
                """);

        String page = OpenApiPage.render("x", document);

        assertThat(page).doesNotContain("<script>").doesNotContain("<b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("a &amp; b").contains("&quot;quoted&quot; &lt;b&gt;")
                .contains("<span class=\"unresolved\" title=\"not in this document\">#/components/schemas/Missing</span>");
        assertEveryLinkResolves(page);
    }

    /** Opens offline: no script, stylesheet, image or font from anywhere, and no link out of the page. */
    private static void assertSelfContained(String page) {
        assertThat(page).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=")
                .doesNotContain("@import").doesNotContain("url(http").doesNotContain("href=\"http");
    }

    private static void assertEveryLinkResolves(String page) {
        Set<String> ids = new HashSet<>();
        Matcher id = ID.matcher(page);
        while (id.find()) {
            assertThat(ids.add(id.group(1))).as("duplicate id " + id.group(1)).isTrue();
        }
        Matcher href = HREF.matcher(page);
        while (href.find()) {
            assertThat(ids).as("anchor of href=#" + href.group(1)).contains(href.group(1));
        }
    }

    /** The table row holding {@code cell}. */
    private static String rowOf(String page, String cell) {
        int at = page.indexOf(cell);
        assertThat(at).as(cell).isNotNegative();
        int start = page.lastIndexOf("<tr", at);
        return page.substring(start, page.indexOf("</tr>", at));
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = OpenApiPageTest.class.getResourceAsStream("/apidocs/" + name)) {
            assertThat(in).as("fixture /apidocs/" + name).isNotNull();
            return JSON.readTree(in);
        }
    }
}
