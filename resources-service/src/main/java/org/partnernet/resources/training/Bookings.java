package org.partnernet.resources.training;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Bookings of trainings. Every change is a conditional single-document update on the current status. */
public interface Bookings {

  /** Stores a new booking; if the school already used its request id, returns that first booking instead. */
  Booking insertOnce(Booking booking);

  Optional<Booking> find(String id);

  /** Bookings where the organisation is the school or the trainer, newest first, after {@code afterId}. */
  List<Booking> of(String organisation, String training, BookingStatus status, String afterId, int limit);

  /** REQUESTED → CONFIRMED on the date; false if it is not REQUESTED any more. */
  boolean confirm(String id, LocalDate date, String requestId, Instant now);

  /** REQUESTED → DECLINED; false if it is not REQUESTED any more. */
  boolean decline(String id, String reason, String requestId, Instant now);

  /** CONFIRMED → COMPLETED with the feedback; false if it is not CONFIRMED any more. */
  boolean complete(String id, Booking.Feedback feedback, String requestId, Instant now);
}
