package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.stack.testing.AdminHttp;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin surface of every running service, as the stack starts them: admin routes exist on the management port
 * only, that port listens on loopback only, and without the stack's token every admin route answers 401.
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
            AdminHttp admin = AdminHttp.management(app + 100);

            assertThat(admin.notRefusedWithoutValidToken(ADMIN_ROUTES)).as(SERVICES.get(i)).isEmpty();
            assertThat(admin.notOpenToAnonymous("GET /actuator/health/readiness", "GET /actuator/prometheus"))
                    .as(SERVICES.get(i)).isEmpty();
            assertThat(admin.get("/admin/settings").statusCode()).as(SERVICES.get(i)).isEqualTo(200);
            assertThat(AdminHttp.management(app).get("/admin/settings").statusCode()).as(SERVICES.get(i) + " app port")
                    .isEqualTo(404);
            String service = SERVICES.get(i);
            external.ifPresent(address -> assertThat(connects(address, app + 100))
                    .as(service + " management port reachable on " + address).isFalse());
        }
        // The chaos monkey is loaded on the five services (the stack's chaos-monkey profile), every assault off.
        for (int i = 0; i < 5; i++) {
            String assaults = AdminHttp.management(firedrill.stack().layout().ports().service(i) + 100)
                    .get("/actuator/chaosmonkey/assaults").body();
            assertThat(assaults).as(SERVICES.get(i)).contains("\"latencyActive\":false").contains("\"exceptionsActive\":false");
        }
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
