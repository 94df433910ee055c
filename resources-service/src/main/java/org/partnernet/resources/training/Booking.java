package org.partnernet.resources.training;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A school's request for a session of a training. The school and the trainer both see it.
 *
 * @param answerRequestId   the request id of the confirm/decline, so a retried answer returns its first result
 * @param feedbackRequestId the same for the feedback
 */
public record Booking(String id, String training, String trainer, String school, List<LocalDate> preferredDates,
                      Audience audience, int expectedParticipants, Format format, String note, BookingStatus status,
                      LocalDate confirmedDate, String declineReason, Feedback feedback, String requestId,
                      String answerRequestId, String feedbackRequestId, Instant createTime, Instant updateTime,
                      String requestHash) {

  public Booking {
    preferredDates = List.copyOf(preferredDates);
  }

  /** What the school records after the session. */
  public record Feedback(int attendance, int rating, String comment, Instant recordTime) {}
}
