package io.ledgerlens.ws;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * A client's requests, applied on the dispatcher's thread ({@link EventDispatcher#submit}) and nowhere else: between
 * two of the dispatcher's rounds, so that a client resuming with {@code since} is replayed from its cursor up to the
 * dispatcher's position, and live from there, with no gap and no duplicate at the seam.
 */
final class SubscriptionRequests {
    private final EventFeed feed;
    private final ServerMessages messages;
    private final Sender sender;
    private final DispatcherSettings settings;
    private final HubMetrics metrics;
    private final LongSupplier position;

    /** @param position the dispatcher's position: the sequence up to which live clients have been served */
    SubscriptionRequests(EventFeed feed, ServerMessages messages, Sender sender, DispatcherSettings settings,
                         HubMetrics metrics, LongSupplier position) {
        this.feed = feed;
        this.messages = messages;
        this.sender = sender;
        this.settings = settings;
        this.metrics = metrics;
        this.position = position;
    }

    /**
     * Applies a client's first request: the hello, then its channels from the URL, if any; a {@code since}
     * without channels is kept for the first subscribe.
     */
    void open(Subscriber client, ClientRequest.Subscribe initial, OptionalLong since) {
        final long position = this.position.getAsLong();
        client.resumeFrom(position);
        client.live(true);
        client.markReady();
        sender.reply(client, messages.hello(position));
        if (initial != null) {
            subscribe(client, initial);
        } else {
            client.pendingSince(since);
        }
    }

    void subscribe(Subscriber client, ClientRequest.Subscribe request) {
        rejectAll(client, request.rejected());
        if (request.channels().isEmpty()) {
            return;
        }
        if (client.channelCountWith(request.channels()) > settings.maxChannels()) {
            metrics.clientErrors.inc();
            sender.reply(client, messages.error("too_many_channels", "a connection may hold at most "
                    + settings.maxChannels() + " channels; closing (1008)"));
            sender.disconnect(client, Sender.POLICY_VIOLATION, "too many channels");
            return;
        }
        final OptionalLong pending = client.takePendingSince();
        final OptionalLong since = request.since().isPresent() ? request.since() : pending;
        if (since.isPresent()) {
            if (client.hasChannels()) {
                metrics.clientErrors.inc();
                sender.reply(client, messages.error("since_not_allowed", "\"since\" is accepted only while the "
                        + "connection has no channels (it applies to all of them); nothing was subscribed"));
                return;
            }
            resume(client, since.getAsLong());
        }
        client.add(request.channels());
        sender.reply(client, messages.subscriptions("subscribed", client.channels(), client.cursor()));
    }

    void unsubscribe(Subscriber client, ClientRequest.Unsubscribe request) {
        rejectAll(client, request.rejected());
        if (request.channels().isEmpty()) {
            return;
        }
        client.remove(request.channels());
        sender.reply(client, messages.subscriptions("unsubscribed", client.channels(), null));
    }

    private void resume(Subscriber client, long since) {
        final long position = this.position.getAsLong();
        if (since >= position) {
            final long last = since > position ? feed.lastSequence() : position;
            if (since > last) {
                metrics.clientErrors.inc();
                sender.reply(client, messages.error("invalid_since", "since " + since + " is beyond the last "
                        + "stored sequence " + last + "; events after " + position + " follow"));
                return;
            }
            client.resumeFrom(since);
            return;
        }
        if (position - since > settings.maxReplay()) {
            sender.reply(client, messages.resumeTooFar(since, position, settings.maxReplay()));
            return;
        }
        client.resumeFrom(since);
        client.live(false);
    }

    private void rejectAll(Subscriber client, List<ClientRequest.Rejected> rejected) {
        for (ClientRequest.Rejected r : rejected) {
            metrics.clientErrors.inc();
            sender.reply(client, messages.error("unknown_channel", r.reason(), r.channel()));
        }
    }
}
