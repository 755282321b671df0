package io.firedrill.web.admin;

import io.firedrill.web.ProblemWriter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin} on the management port (admin token): the admin routes this service serves, each with its
 * methods and what it does, so an operator or a test can enumerate them from the running application.
 */
final class AdminIndexServlet extends HttpServlet {

    static final String PATH = "/admin";

    /** One admin route. */
    record Route(String path, List<String> methods, String summary) {}

    private final transient List<Route> routes;

    AdminIndexServlet(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemWriter.json(response, 200, Map.of("routes", routes));
    }
}
