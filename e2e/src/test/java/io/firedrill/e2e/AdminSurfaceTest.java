package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.stack.Ports;
import io.firedrill.stack.testing.AdminHttp;
import java.io.IOException;
import java.net.URI;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin surface of every running service, as the stack starts them: admin routes exist on the management port
 * only, that port listens on loopback only, and without the stack's token every admin route answers 401. The routes
 * are enumerated from the running applications themselves (their request mappings, actuator links and admin index),
 * so a write route added later is covered without editing this test.
 */
@ExtendWith(ServicesExtension.class)
class AdminSurfaceTest {

    private static final List<String> SERVICES = List.of("order", "inventory", "payment", "shipment", "notification", "cdc-relay");
    private static final String[] ADMIN_ROUTES = {"GET /admin/settings", "PATCH /admin/settings", "DELETE /admin/settings",
            "GET /actuator/chaosmonkey", "POST /actuator/chaosmonkey/assaults", "POST /actuator/dlq/any.dlq"};

    @Test
    void everyAdminRouteNeedsTheTokenAndLivesOnTheLoopbackManagementPortOnly(Firedrill firedrill) {
        Optional<InetAddress> external = nonLoopbackAddress();
        for (int i = 0; i < SERVICES.size(); i++) {
            int app = firedrill.stack().layout().ports().service(i);
            int management = firedrill.stack().layout().ports().management(i);
            AdminHttp admin = AdminHttp.management(management);

            assertThat(admin.notRefusedWithoutValidToken(ADMIN_ROUTES)).as(SERVICES.get(i)).isEmpty();
            assertThat(admin.notOpenToAnonymous("GET /actuator/health/readiness", "GET /actuator/prometheus"))
                    .as(SERVICES.get(i)).isEmpty();
            assertThat(admin.get("/admin/settings").statusCode()).as(SERVICES.get(i)).isEqualTo(200);
            assertThat(AdminHttp.management(app).get("/admin/settings").statusCode()).as(SERVICES.get(i) + " app port")
                    .isEqualTo(404);
            String service = SERVICES.get(i);
            external.ifPresent(address -> assertThat(connects(address, management))
                    .as(service + " management port reachable on " + address).isFalse());
        }
        // The chaos monkey is loaded on the five services (the stack's chaos-monkey profile), every assault off.
        for (int i = 0; i < 5; i++) {
            String assaults = AdminHttp.management(firedrill.stack().layout().ports().management(i))
                    .get("/actuator/chaosmonkey/assaults").body();
            assertThat(assaults).as(SERVICES.get(i)).contains("\"latencyActive\":false").contains("\"exceptionsActive\":false");
        }
    }

    /** The writes customers make; every other write of any service is an admin route. */
    private static final Set<String> CUSTOMER_WRITES = Set.of(
            "order POST /api/orders",
            "order POST /api/orders/{orderId}/cancel",
            "notification PUT /api/customers/{customerId}/notification-preferences",
            "payment POST /api/payment-methods");
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");
    private static final List<String> WRITE_METHODS = List.of("POST", "PUT", "PATCH", "DELETE");

    @Test
    void everyWriteOnAnApplicationPortIsACustomerActionAndEveryOtherRouteNeedsTheToken(Firedrill firedrill) throws Exception {
        Ports ports = firedrill.stack().layout().ports();
        List<String> unexpected = new ArrayList<>();
        Set<String> customerWritesSeen = new TreeSet<>();
        int applicationRoutes = 0;
        int guardedChecks = 0;
        for (int i = 0; i < SERVICES.size(); i++) {
            String service = SERVICES.get(i);
            AdminHttp admin = AdminHttp.management(ports.management(i));
            AdminHttp application = AdminHttp.management(ports.service(i)).withoutToken();

            // The application port: every route Spring MVC maps, from the application's own mappings.
            var mappings = admin.get("/actuator/mappings");
            assertThat(mappings.statusCode()).as(service + " mappings").isEqualTo(200);
            for (JsonNode context : Firedrill.JSON.readTree(mappings.body()).path("contexts")) {
                for (JsonNode servlet : context.path("mappings").path("servlets")) {
                    if (!servlet.path("name").asText().equals("dispatcherServlet")) {
                        unexpected.add(service + ": servlet " + servlet.path("name").asText() + " " + servlet.path("mappings")
                                + " on the application port");
                    }
                }
                for (JsonNode dispatcher : context.path("mappings").path("dispatcherServlets")) {
                    for (JsonNode mapping : dispatcher) {
                        JsonNode conditions = mapping.path("details").path("requestMappingConditions");
                        if (conditions.isMissingNode()) { // resource handlers (/**, /webjars/**): nothing to write to
                            String pattern = mapping.path("predicate").asText();
                            String probe = pattern.replace("**", "probe");
                            int status = application.post(probe, "{}").statusCode();
                            if (status / 100 == 2 || status >= 500) {
                                unexpected.add(service + ": POST " + probe + " (" + pattern + ") answered " + status);
                            }
                            continue;
                        }
                        for (JsonNode pattern : conditions.path("patterns")) {
                            applicationRoutes++;
                            List<String> methods = new ArrayList<>();
                            conditions.path("methods").forEach(m -> methods.add(m.asText()));
                            if (methods.isEmpty()) { // any method: only Boot's error path, which a request cannot reach
                                int status = application.post(pattern.asText(), "{}").statusCode();
                                if (!pattern.asText().equals("/error") || status != 404) {
                                    unexpected.add(service + ": any method on " + pattern.asText() + " (POST answered " + status + ")");
                                }
                                continue;
                            }
                            for (String method : methods) {
                                String route = service + " " + method + " " + pattern.asText();
                                if (CUSTOMER_WRITES.contains(route)) {
                                    customerWritesSeen.add(route);
                                } else if (!READ_METHODS.contains(method)) {
                                    unexpected.add(route + " is a write on the application port and not a customer action");
                                }
                            }
                        }
                    }
                }
            }

            // The management port: every actuator endpoint and admin route the application lists; without a valid
            // token every write is refused, and so is every read but health, info and the metrics (Prometheus and actuator).
            List<String> guarded = new ArrayList<>();
            var links = admin.get("/actuator");
            assertThat(links.statusCode()).as(service + " actuator links").isEqualTo(200);
            Firedrill.JSON.readTree(links.body()).path("_links").forEach(link -> {
                String path = URI.create(link.path("href").asText().replaceAll("\\{\\*?([^}]*)}", "probe")).getPath();
                WRITE_METHODS.forEach(method -> guarded.add(method + " " + path));
                if (!path.matches(".*/actuator(/(health|info|prometheus|metrics)(/.*)?)?")) {
                    guarded.add("GET " + path);
                }
            });
            var index = admin.get("/admin");
            assertThat(index.statusCode()).as(service + " admin index").isEqualTo(200);
            for (JsonNode route : Firedrill.JSON.readTree(index.body()).path("routes")) {
                String path = route.path("path").asText();
                route.path("methods").forEach(m -> guarded.add(m.asText() + " " + path));
                // and none of them is served on the application port
                int status = application.send(route.path("methods").get(0).asText(), path, "{}").statusCode();
                if (status != 404) {
                    unexpected.add(service + ": admin route " + path + " answered " + status + " on the application port");
                }
            }
            guarded.add("GET /admin");
            for (AdminHttp.Answer answer : admin.notRefusedWithoutValidToken(guarded.toArray(String[]::new))) {
                unexpected.add(service + " management: " + answer);
            }
            guardedChecks += guarded.size();
        }

        assertThat(unexpected).as("routes that are neither customer actions nor behind the admin token").isEmpty();
        assertThat(customerWritesSeen).as("the customer writes the enumeration found").isEqualTo(new TreeSet<>(CUSTOMER_WRITES));
        assertThat(applicationRoutes).as("application routes enumerated").isGreaterThanOrEqualTo(20);
        assertThat(guardedChecks).as("management routes checked").isGreaterThanOrEqualTo(100);
        assertThat(AdminHttp.management(ports.management(1)).get("/admin").body()).as("inventory's admin index")
                .contains("\"/admin/catalog\"");
    }

    private static Optional<InetAddress> nonLoopbackAddress() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
