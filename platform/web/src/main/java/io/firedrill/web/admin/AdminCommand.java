package io.firedrill.web.admin;

import io.firedrill.web.ProblemException;

/**
 * A write made by an operator, a script or a chaos scenario, not by a customer (loading the catalog, for example).
 * A service declares one as a bean; the management context serves it as {@code POST /admin/<name>} on the management
 * port, behind the admin token ({@link AdminTokenFilter}) and never on the application port, and lists it in
 * {@code GET /admin}. The body is JSON read into {@link #bodyType()} and validated (Bean Validation) before
 * {@link #execute} runs: a malformed or invalid body is a 400 problem, a body over {@code firedrill.web.max-request-body}
 * a 413, and a {@link ProblemException} thrown by the command is answered with its status.
 *
 * @param <T> the body
 */
public interface AdminCommand<T> {

    /** The route's last segment: {@code catalog} is served as {@code POST /admin/catalog}. */
    String name();

    /** One line for {@code GET /admin}: what the command does. */
    String summary();

    Class<T> bodyType();

    /** Runs the command on a valid body; the result is the 200 response's JSON body. */
    Object execute(T body);
}
