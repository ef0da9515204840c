package io.ledgerlens.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Every request body on the application port is bounded before anything parses it: a declared length over the
 * limit gets 413 without a byte read, a compressed body 415 (it would be inflated past any limit), and a body
 * sent without a length is read up to the limit and no further. {@code /api/webhooks} is left to
 * {@link BoundedEntityFilter}, which runs after authentication, so that a caller without the token gets 401 and
 * cannot make the service read a body at all.
 */
final class BoundedBodyFilter implements Filter {
    static final String WEBHOOKS = "/api/webhooks";

    private final int limit;
    private final ObjectMapper json;

    BoundedBodyFilter(int limit, ObjectMapper json) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1 byte, got " + limit);
        }
        this.limit = limit;
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        final HttpServletRequest request = (HttpServletRequest) req;
        final HttpServletResponse response = (HttpServletResponse) res;
        final long declared = request.getContentLengthLong();
        final boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (declared <= 0 && !chunked || request.getRequestURI().startsWith(WEBHOOKS)) {
            chain.doFilter(req, res);
            return;
        }
        final String refusal = refusal(request.getHeader("Content-Encoding"), declared, limit);
        if (refusal != null) {
            refuse(response, refusal.startsWith("compressed") ? 415 : 413, refusal);
            return;
        }
        final byte[] body = readAtMost(request.getInputStream(), limit + 1);
        if (body.length > limit) {
            refuse(response, 413, tooLarge(limit));
            return;
        }
        chain.doFilter(new Buffered(request, body), res);
    }

    /** Why a body is refused before a byte is read (a 415 message starts with "compressed"), or null. */
    static String refusal(String encoding, long declared, int limit) {
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
            return "compressed request bodies (Content-Encoding: " + encoding + ") are not accepted";
        }
        return declared > limit ? tooLarge(limit) : null;
    }

    static String tooLarge(int limit) {
        return "the request body must be at most " + limit + " bytes (api.maxRequestBody)";
    }

    static byte[] readAtMost(InputStream in, int max) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 8192));
        final byte[] chunk = new byte[8192];
        int total = 0;
        int n;
        while (total < max && (n = in.read(chunk, 0, Math.min(chunk.length, max - total))) != -1) {
            out.write(chunk, 0, n);
            total += n;
        }
        return out.toByteArray();
    }

    private void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        // The connection may still carry the unread body: closing it is cheaper than draining it.
        response.setHeader("Connection", "close");
        json.writeValue(response.getOutputStream(), new ErrorMessage(status, message));
    }

    /** The request with its body already read (and within the limit). */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            final ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
