package io.firedrill.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies at {@code firedrill.web.max-request-body}: a body announced larger is refused with a 413 problem
 * before anything reads it; a chunked body fails with {@link PayloadTooLarge} once the reader crosses the limit, which
 * {@link ApiProblems} turns into the same 413.
 */
public final class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** The body grew past the limit while being read: an IOException, because that is what a stream may throw. */
    public static final class PayloadTooLarge extends IOException {
        private final long limit;

        PayloadTooLarge(long limit) {
            super("The request body exceeds " + limit + " bytes.");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    private final long limit;

    public RequestBodyLimitFilter(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long announced = request.getContentLengthLong();
        if (announced > limit) {
            ProblemWriter.write(response, ApiProblems.problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                    "Request body too large", "The request body of " + announced + " bytes exceeds " + limit + " bytes.",
                    request.getRequestURI()));
            return;
        }
        chain.doFilter(announced < 0 ? new Limited(request, limit) : request, response);
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLarge {
            read += n;
            if (read > limit) {
                throw new PayloadTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
