package io.ledgerlens.lifecycle;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts requests in flight and remembers when traffic last happened, which is what the drain waits on. While
 * draining, every response carries {@code Connection: close} so keep-alive clients reconnect (through the load
 * balancer, to another instance). (WebSocket upgrades never reach this filter: Jetty's upgrade filter runs
 * first; the hub turns away clients that connect while draining.)
 * Probe paths are not traffic: a load balancer polling readiness must not keep the drain from going quiet.
 */
public final class RequestTracker implements Filter {
    private final DrainState drain;
    private final Ticker ticker;
    private final List<String> probePaths;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastActivityNanos;

    public RequestTracker(DrainState drain, Ticker ticker, List<String> probePaths) {
        this.drain = Objects.requireNonNull(drain, "drain");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.probePaths = List.copyOf(probePaths);
        this.lastActivityNanos = new AtomicLong(ticker.nanos());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        final HttpServletRequest request = (HttpServletRequest) req;
        final HttpServletResponse response = (HttpServletResponse) res;
        // Probes too: a balancer that keeps its probe connection open reconnects for the next probe, which costs
        // nothing, and a client that shares the path with traffic must not keep a connection to a draining node.
        if (drain.isDraining()) {
            response.setHeader("Connection", "close");
        }
        if (probePaths.contains(request.getRequestURI())) {
            chain.doFilter(req, res);
            return;
        }
        lastActivityNanos.set(ticker.nanos());
        inFlight.incrementAndGet();
        try {
            chain.doFilter(req, res);
        } finally {
            inFlight.decrementAndGet();
            lastActivityNanos.set(ticker.nanos());
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long lastActivityNanos() {
        return lastActivityNanos.get();
    }
}
