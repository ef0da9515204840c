package io.ledgerlens.webhooks;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends one attempt of a delivery: a signed POST through Jetty's asynchronous client, with a connect timeout and a
 * total timeout, redirects not followed (a 3xx is a failed attempt), the answer's body discarded, and every
 * address checked by the guard at connect time ({@link GuardedResolver}, lookups on the guard's bounded pool).
 * The dispatcher starts the client before its first attempt, not with the service: its start builds a TLS context (the JDK's trust
 * store read and parsed, some 450 classes loaded), work a start that has no delivery to make does not need.
 */
final class WebhookSender {
    static final String USER_AGENT = "LedgerLens-Webhooks/1";

    private final HttpClient client = new HttpClient();
    private final Clock clock;
    private final long requestTimeoutMs;
    private boolean stopped;

    /** What an attempt came to; {@code status} is 0 when there was no HTTP answer. */
    record Result(int status, String error, String retryAfter) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    WebhookSender(WebhookConfig config, TargetGuard guard, Clock clock) {
        this.clock = clock;
        this.requestTimeoutMs = config.requestTimeout().toMillis();
        final QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("webhooks-http");
        threads.setDaemon(true);
        client.setExecutor(threads);
        final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("webhooks-scheduler", true);
        client.setScheduler(scheduler);
        client.setConnectTimeout(config.connectTimeout().toMillis());
        client.setIdleTimeout(config.requestTimeout().multipliedBy(3).toMillis());
        client.setFollowRedirects(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, USER_AGENT));
        client.setMaxConnectionsPerDestination(Math.max(8, config.maxConcurrencyPerSubscription()));
        // Not Jetty's own resolver, which blocks a client thread per lookup for as long as DNS takes.
        client.setSocketAddressResolver(new GuardedResolver(guard, config.connectTimeout()));
    }

    /** Starts the client unless it runs already; after {@link #stop} it is not started again. */
    synchronized void start() throws Exception {
        if (stopped) {
            throw new IllegalStateException("webhook sender stopped");
        }
        if (!client.isStarted()) {
            client.start();
        }
    }

    synchronized void stop() throws Exception {
        stopped = true;
        client.stop();
    }

    synchronized boolean started() {
        return client.isStarted();
    }

    /** After {@link #start}. @return the request, which {@code abort} cancels; {@code done} is called exactly once */
    Request send(String url, String deliveryId, String eventType, String secret, String body, Consumer<Result> done) {
        final Request request = client.newRequest(url)
                .method("POST")
                .timeout(requestTimeoutMs, TimeUnit.MILLISECONDS)
                .headers(h -> h.put("Idempotency-Key", deliveryId)
                        .put("LedgerLens-Delivery", deliveryId)
                        .put("LedgerLens-Event", eventType)
                        .put(Signature.HEADER, Signature.header(secret, clock.millis() / 1000, body)))
                .body(new StringRequestContent("application/json", body));
        request.send(result -> {
            if (result.isSucceeded()) {
                final int status = result.getResponse().getStatus();
                // A redirect is not followed (it could point anywhere, inside too) and its Location is not kept.
                done.accept(new Result(status, status >= 300 && status < 400 ? "HTTP " + status
                        + ": redirects are not followed" : null,
                        result.getResponse().getHeaders().get(HttpHeader.RETRY_AFTER)));
            } else {
                final Throwable failure = result.getFailure();
                final int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
                done.accept(new Result(status, describe(failure), null));
            }
        });
        return request;
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        final String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
