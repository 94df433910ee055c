package org.partnernet.resources.event;

import java.time.Instant;

/**
 * Something that concerns one organisation: ids only, never personal data.
 *
 * @param sequence one more than the organisation's previous event
 */
public record ResourceEvent(String organisation, long sequence, EventType type, Instant time, Subject subject) {

  /** The ids an event points at; unused ones are null. */
  public record Subject(String offer, String need, String claim, String training, String booking) {

    public static Subject offerAndNeed(String offer, String need) {
      return new Subject(offer, need, null, null, null);
    }

    public static Subject claim(String offer, String claim) {
      return new Subject(offer, null, claim, null, null);
    }

    public static Subject booking(String training, String booking) {
      return new Subject(null, null, null, training, booking);
    }
  }
}
