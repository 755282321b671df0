package io.firedrill.order.api;

import io.firedrill.order.OrderProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies at {@code firedrill.order.max-request-body} (64 KB). The body stream fails as soon as the
 * declared length or the bytes read exceed the cap, so chunked bodies are caught too, and the failure surfaces
 * through Spring MVC where {@link ProblemHandler} turns it into a 413 problem.
 */
@Component
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long limit;

    BodySizeLimitFilter(OrderProperties properties) {
        this.limit = properties.maxRequestBody().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new Limited(request, limit), response);
    }

    /** Thrown by the body stream: an IOException, because that is what a stream may throw. */
    static final class PayloadTooLargeException extends IOException {
        final long limit;

        PayloadTooLargeException(long limit) {
            super("request body is larger than " + limit + " bytes");
            this.limit = limit;
        }
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
                stream = new LimitedStream(super.getInputStream(), getContentLengthLong(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long declared;
        private final long limit;
        private long read;

        LimitedStream(ServletInputStream delegate, long declared, long limit) {
            this.delegate = delegate;
            this.declared = declared;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b = delegate.read();
            if (b >= 0) {
                check(++read);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check(0);
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                read += n;
                check(read);
            }
            return n;
        }

        private void check(long soFar) throws PayloadTooLargeException {
            if (declared > limit || soFar > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
