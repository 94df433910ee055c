package org.partnernet.resources.training;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import org.partnernet.servicekit.error.Violations;

/** A school's request as sent; {@code format} null means the training's own. */
public record BookingDraft(List<LocalDate> preferredDates, Audience audience, int expectedParticipants,
                           Format format, String note) {

  static final int MAX_DATES = 5;
  static final int NOTE_MAX = 1000;

  public BookingDraft {
    preferredDates = preferredDates == null ? List.of() : List.copyOf(preferredDates);
  }

  void validate(Training training, LocalDate today, Violations v) {
    v.check(!preferredDates.isEmpty() && preferredDates.size() <= MAX_DATES, "booking.preferred_dates",
        "must name 1 to " + MAX_DATES + " dates");
    v.check(new HashSet<>(preferredDates).size() == preferredDates.size(), "booking.preferred_dates",
        "must not repeat a date");
    for (int i = 0; i < preferredDates.size(); i++) {
      LocalDate day = preferredDates.get(i);
      String path = "booking.preferred_dates[" + i + "]";
      // today is fine: a same-day session (often virtual) is confirmed and rated like any other
      v.check(!day.isBefore(today), path, "must not be in the past");
      v.check(!day.isAfter(today.plusYears(1)), path, "must be within a year");
      v.check(training.isBookableOn(day), path, "must be within the training's availability");
    }
    if (audience == null) {
      v.add("booking.audience", "is required");
    } else {
      v.check(training.audiences().contains(audience), "booking.audience", "must be an audience the training serves");
    }
    v.check(expectedParticipants >= 0 && expectedParticipants <= 10_000, "booking.expected_participants",
        "must be between 0 and 10000");
    if (format != null) {
      v.check(format.servedBy().contains(training.format()), "booking.format",
          "must be a format the training offers");
    }
    v.maxLength(note, NOTE_MAX, "booking.note");
  }
}
