package org.partnernet.referral.webhook;

import java.time.Instant;

/**
 * An event a webhook did not take after the last try. {@code body} is the JSON that was sent (ids and states only),
 * kept so a replay works after the inbox history has moved on.
 */
public record DeadLetter(String id, String webhook, String partner, String eventId, long sequence, String body,
                         int attempts, String lastOutcome, Instant deadTime, Instant replayTime) {}
