package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReadinessServlet} and {@link LivenessServlet}. */
class ProbeServletsTest {
    private final DrainState drain = new DrainState();

    private FakeHttp.Response readiness() throws Exception {
        final FakeHttp.Response response = new FakeHttp.Response();
        new ReadinessServlet(drain).doGet(FakeHttp.request("/health-check"), response.proxy);
        return response;
    }

    private FakeHttp.Response liveness() throws Exception {
        final FakeHttp.Response response = new FakeHttp.Response();
        new LivenessServlet(drain).doGet(FakeHttp.request("/health-check/live"), response.proxy);
        return response;
    }

    @Test
    void readinessIs503WhileStarting() throws Exception {
        final FakeHttp.Response r = readiness();
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("{\"ready\":false,\"status\":\"starting\"}");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.contentType()).isEqualTo("application/json");
    }

    @Test
    void readinessIs200WhenServingAnd503FromTheFirstInstantOfADrain() throws Exception {
        drain.markStarted();
        assertThat(readiness().status()).isEqualTo(200);
        assertThat(readiness().body()).isEqualTo("{\"ready\":true,\"status\":\"ready\"}");

        drain.drain();
        assertThat(readiness().status()).isEqualTo(503);
        assertThat(readiness().body()).isEqualTo("{\"ready\":false,\"status\":\"draining\"}");

        drain.drainForShutdown();
        assertThat(readiness().body()).isEqualTo("{\"ready\":false,\"status\":\"shutting_down\"}");
    }

    @Test
    void livenessIs200WhateverTheDrainState() throws Exception {
        assertThat(liveness().status()).isEqualTo(200);
        drain.markStarted();
        drain.drainForShutdown();
        final FakeHttp.Response r = liveness();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"alive\":true,\"status\":\"shutting_down\"}");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }
}
