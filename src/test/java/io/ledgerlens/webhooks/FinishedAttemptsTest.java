package io.ledgerlens.webhooks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FinishedAttemptsTest {

    private static Deliveries.Outcome delivered(String id) {
        return new Deliveries.Outcome(id, true, false, 1_000, 200, null);
    }

    private static Deliveries.Outcome failed(String id) {
        return new Deliveries.Outcome(id, false, false, 2_000, 500, "HTTP 500");
    }

    @Test
    void anAttemptCountsForItsSubscriptionAsASuccessOrAFailure() {
        final FinishedAttempts attempts = new FinishedAttempts();
        attempts.attempted("s1", delivered("d1"));
        attempts.attempted("s2", failed("d2"));
        attempts.attempted("s1", failed("d3"));

        assertThat(attempts.outcomes()).extracting(Deliveries.Outcome::id).containsExactly("d1", "d2", "d3");
        assertThat(attempts.succeeded()).containsExactly("s1");
        assertThat(attempts.failed()).containsExactlyInAnyOrder("s1", "s2");
        assertThat(attempts.size()).isEqualTo(3);
    }

    @Test
    void aDeliveryGivenBackUnsentIsRecordedButCountsForNoSubscription() {
        final FinishedAttempts attempts = new FinishedAttempts();
        attempts.givenBack(new Deliveries.Outcome("d1", false, false, 3_000, null, "subscription paused"));

        assertThat(attempts.isEmpty()).isFalse();
        assertThat(attempts.outcomes()).extracting(Deliveries.Outcome::id).containsExactly("d1");
        assertThat(attempts.succeeded()).isEmpty();
        assertThat(attempts.failed()).isEmpty();
    }

    @Test
    void addingTakesTheOtherAttemptsOutcomesAndSubscriptions() {
        final FinishedAttempts first = new FinishedAttempts();
        first.attempted("s1", delivered("d1"));
        final FinishedAttempts second = new FinishedAttempts();
        second.attempted("s2", failed("d2"));
        second.givenBack(failed("d3"));

        first.add(second);

        assertThat(first.outcomes()).extracting(Deliveries.Outcome::id).containsExactly("d1", "d2", "d3");
        assertThat(first.succeeded()).containsExactly("s1");
        assertThat(first.failed()).containsExactly("s2");
        assertThat(new FinishedAttempts().isEmpty()).isTrue();
    }
}
