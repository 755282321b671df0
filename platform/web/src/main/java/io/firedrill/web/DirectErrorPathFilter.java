package io.firedrill.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The error path ({@code /error}) is where the container forwards a failed request to render its error; asked for
 * directly, Spring Boot's error controller has no error to render and answered 500 (status 999). A request for it
 * (dispatcher type REQUEST, never the container's ERROR forward) is a 404 problem like any other unknown path.
 */
final class DirectErrorPathFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemWriter.write(response, ApiProblems.problem(HttpStatus.NOT_FOUND, "not-found", "Not Found",
                "No such resource: " + request.getRequestURI(), request.getRequestURI()));
    }
}
