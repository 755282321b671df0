package io.firedrill.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.stack.testing.OpenApiCapture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The catalog load on the management port (admin token), product and stock reads on the application port, and every
 * way to get them wrong.
 */
class CatalogApiTest extends InventoryTestSupport {

    @Test
    void loadsACatalogAndServesProductAndStock() throws Exception {
        String a = newSku();
        String b = newSku();
        HttpResponse<String> loaded = loadCatalog("""
                {"items":[{"sku":"%s","name":"Kettle","priceCents":4599,"stock":7},
                          {"sku":"%s","name":"Mug","priceCents":0,"stock":0}]}""".formatted(a, b));

        assertThat(loaded.statusCode()).isEqualTo(200);
        assertThat(loaded.body()).isEqualTo("{\"loaded\":2}");
        assertThat(get(app("/api/inventory/catalog/" + a)).body())
                .isEqualTo("{\"sku\":\"" + a + "\",\"name\":\"Kettle\",\"priceCents\":4599,\"available\":7}");
        assertThat(get(app("/api/inventory/stock/" + a)).body()).isEqualTo("{\"sku\":\"" + a
                + "\",\"onHand\":7,\"reserved\":0,\"committed\":0,\"available\":7,\"oversold\":0}");
        assertThat(get(app("/api/inventory/stock/" + b)).body()).contains("\"available\":0");
    }

    @Test
    void reloadingMakesAvailableEqualTheNewStockAndKeepsLiveReservations() throws Exception {
        String sku = newSku();
        load(sku, 5);
        dispatch(new ReserveInventory(UUID.randomUUID(), items(sku, 2), 60));

        HttpResponse<String> reloaded = loadCatalog("""
                {"items":[{"sku":"%s","name":"Renamed","priceCents":2500,"stock":10}]}""".formatted(sku));

        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(stockRow(sku)).containsEntry("on_hand", 12L).containsEntry("reserved", 2L);
        assertThat(get(app("/api/inventory/stock/" + sku)).body()).contains("\"available\":10");
        assertThat(get(app("/api/inventory/catalog/" + sku)).body()).contains("\"name\":\"Renamed\"").contains("\"priceCents\":2500")
                .contains("\"available\":10");
    }

    @Test
    void loadingTheCatalogNeedsTheAdminTokenAndIsNotOnTheApplicationPort() throws Exception {
        String sku = newSku();
        String body = "{\"items\":[{\"sku\":\"" + sku + "\",\"name\":\"Cheap\",\"priceCents\":1,\"stock\":100000}]}";

        assertThat(admin().notRefusedWithoutValidToken("POST /admin/catalog")).isEmpty();
        assertProblem(post(app("/api/inventory/catalog"), body), 404);
        assertThat(admin().post("/admin/catalog", body).statusCode()).isEqualTo(200);
        assertProblem(admin().get("/admin/catalog"), 405);
        assertThat(admin().get("/admin").body()).contains("\"path\":\"/admin/catalog\"").contains("\"POST\"")
                .contains("\"path\":\"/admin/settings\"");
    }

    @Test
    void unknownOrMalformedSkuIsA404ProblemNamingIt() throws Exception {
        String sku = newSku();
        for (String path : List.of("/api/inventory/catalog/", "/api/inventory/stock/")) {
            HttpResponse<String> response = get(app(path + sku));
            assertProblem(response, 404);
            assertThat(response.body()).contains(sku);
        }
        assertProblem(get(app("/api/inventory/catalog/not-a-sku")), 404); // malformed: no such SKU either
    }

    @Test
    void invalidCatalogLoadsAre400ProblemsAndWriteNothing() throws Exception {
        String sku = newSku();
        String valid = "{\"sku\":\"" + sku + "\",\"name\":\"Ok\",\"priceCents\":100,\"stock\":1}";
        List<String> bodies = List.of(
                "{\"items\":[" + valid + ",",                                                     // malformed JSON
                "",                                                                                 // no body
                "{}",                                                                               // items missing
                "{\"items\":[]}",                                                                   // empty
                "{\"items\":[" + valid + ",{\"sku\":\"" + newSku() + "\",\"name\":\"x\",\"stock\":1}]}",   // price missing
                "{\"items\":[" + valid + ",{\"sku\":\"" + newSku() + "\",\"name\":\"x\",\"priceCents\":\"ten\",\"stock\":1}]}",
                "{\"items\":[" + valid + ",{\"sku\":\"" + newSku() + "\",\"name\":\"x\",\"priceCents\":1.5,\"stock\":1}]}",
                "{\"items\":[" + valid + ",{\"sku\":\"" + newSku() + "\",\"name\":\"x\",\"priceCents\":\"100\",\"stock\":1}]}",
                "{\"items\":[" + valid + ",{\"sku\":\"lower-case\",\"name\":\"x\",\"priceCents\":1,\"stock\":1}]}",
                "{\"items\":[" + valid + ",{\"sku\":\"" + newSku() + "\",\"name\":\" \",\"priceCents\":1,\"stock\":1}]}",
                "{\"items\":[" + valid + ",{\"sku\":\"" + newSku() + "\",\"name\":\"x\",\"priceCents\":-1,\"stock\":1}]}",
                "{\"items\":[" + valid + ",{\"sku\":\"" + newSku() + "\",\"name\":\"x\",\"priceCents\":10000001,\"stock\":1}]}",
                "{\"items\":[" + valid + ",{\"sku\":\"" + newSku() + "\",\"name\":\"x\",\"priceCents\":1,\"stock\":1000001}]}",
                "{\"items\":[" + valid + ",null]}",
                "{\"items\":" + valid + "}",
                "{\"items\":[" + IntStream.range(0, 1001).mapToObj(i -> "{\"sku\":\"" + sku + "-" + i
                        + "\",\"name\":\"n\",\"priceCents\":1,\"stock\":1}").collect(Collectors.joining(",")) + "]}");
        for (String body : bodies) {
            HttpResponse<String> response = loadCatalog(body);
            assertProblem(response, 400);
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
        }
        HttpResponse<String> invalid = loadCatalog("{\"items\":[{\"sku\":\"" + sku + "\",\"name\":\"x\",\"priceCents\":-1,\"stock\":-2}]}");
        assertThat(invalid.body()).contains("items[0].priceCents").contains("items[0].stock");
        assertThat(products(sku)).isZero();
    }

    @Test
    void aSkuListedTwiceIsA422AndAnOversizedBodyA413() throws Exception {
        String sku = newSku();
        String item = "{\"sku\":\"" + sku + "\",\"name\":\"Twice\",\"priceCents\":100,\"stock\":1}";
        assertProblem(loadCatalog("{\"items\":[" + item + "," + item + "]}"), 422);

        String huge = "{\"items\":[{\"sku\":\"" + sku + "\",\"name\":\"" + "x".repeat(300 * 1024) + "\",\"priceCents\":1,\"stock\":1}]}";
        assertProblem(loadCatalog(huge), 413);
        // Chunked (no Content-Length): cut off while reading.
        HttpResponse<String> chunked = http.send(admin().request("/admin/catalog")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(chunked, 413);
        assertThat(products(sku)).isZero();
    }

    @Test
    void servesOpenApiAndPrometheusWithTheServiceMetrics() throws Exception {
        String openApi = OpenApiCapture.capture("inventory-service", app("/v3/api-docs"));
        assertThat(openApi).contains("/api/inventory/catalog/{sku}").contains("/api/inventory/stock/{sku}")
                .doesNotContain("\"/api/inventory/catalog\":");

        String prometheus = get(management("/actuator/prometheus")).body();
        assertThat(prometheus).contains("firedrill_inventory_oversold_units{").contains("firedrill_reservations_active{")
                .contains("firedrill_reservation_expired_total{").contains("firedrill_inventory_reserve_total{")
                .contains("service=\"inventory-service\"");
        assertThat(get(management("/actuator/health/readiness")).statusCode()).isEqualTo(200);
        assertThat(get(app("/actuator/prometheus")).statusCode()).isEqualTo(404);
    }

    private int products(String skuPrefix) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM product WHERE sku LIKE ?", Integer.class, skuPrefix + "%");
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status);
    }
}
