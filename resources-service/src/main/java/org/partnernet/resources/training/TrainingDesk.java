package org.partnernet.resources.training;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.partnernet.resources.event.EventLog;
import org.partnernet.resources.event.EventType;
import org.partnernet.resources.event.ResourceEvent;
import org.partnernet.resources.geo.Place;
import org.partnernet.resources.idempotency.RequestIds;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.InvalidArgumentException;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.PermissionDeniedException;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.id.Ids;

/** Training programmes and their bookings: publishing, searching, booking, answering, feedback. */
public final class TrainingDesk {

  static final int SEARCH_CANDIDATES = 1000;

  private final Trainings trainings;
  private final Bookings bookings;
  private final Schools schools;
  private final EventLog events;
  private final Clock clock;
  private final String networkId;
  private final MeterRegistry meters;

  public TrainingDesk(Trainings trainings, Bookings bookings, Schools schools, EventLog events, Clock clock,
                      String networkId, MeterRegistry meters) {
    this.trainings = trainings;
    this.bookings = bookings;
    this.schools = schools;
    this.events = events;
    this.clock = clock;
    this.networkId = networkId;
    this.meters = meters;
  }

  /** A training found by search, with its distance from the school (0 without a location). */
  public record Found(Training training, double distanceKm) {}

  /** {@code v} may already hold violations the endpoint found while reading the request. */
  public Training publish(Caller caller, TrainingDraft draft, String requestId, String fingerprint, Violations v) {
    if (!caller.hasAnyRole(Role.TRAINER, Role.PARTNER_ADMIN) || caller.organisationId() == null) {
      throw new PermissionDeniedException("TRAINER_REQUIRED",
          "only a trainer or partner-admin of an organisation can publish trainings");
    }
    draft.validate(today(), v);
    RequestIds.check(requestId, v);
    v.throwIfAny();
    Training training = new Training(Ids.newId(), networkId, caller.organisationId(), draft.title().strip(),
        blankToNull(draft.description()), draft.audiences(), draft.format(),
        draft.languages().stream().map(String::toLowerCase).toList(), draft.durationMinutes(), draft.areaCenter(),
        draft.areaRadiusKm(), blankToNull(draft.area()), draft.availableFrom(), draft.availableUntil(), 0, 0,
        RequestIds.orFresh(requestId), now(), fingerprint);
    Training stored = trainings.insertOnce(training);
    if (!stored.id().equals(training.id())) {
      RequestIds.requireSameRequest(stored.requestHash(), fingerprint);
    } else {
      meters.counter("partnernet.resources.trainings.published").increment();
    }
    return stored;
  }

  public Training get(String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidArgumentException("training", "is required");
    }
    return trainings.find(id).orElseThrow(() -> new NotFoundException("TRAINING_NOT_FOUND", "no training has this id"));
  }

  /**
   * Trainings that serve the audience, speak the language, come in the format, are bookable on the date and (in
   * person) serve the school's location; nearest first when a location is given, else newest first.
   */
  public List<Found> search(Audience audience, String language, Format format, LocalDate date, Place near,
                            double radiusKm) {
    LocalDate today = today();
    double boxRadius = radiusKm > 0 ? radiusKm : TrainingDraft.AREA_RADIUS_MAX_KM;
    List<Training> candidates = trainings.search(audience, language == null ? null : language.toLowerCase(),
        format == null ? null : format.servedBy(), date, today, near, boxRadius, SEARCH_CANDIDATES);
    if (near == null) {
      return candidates.stream().map(t -> new Found(t, 0)).toList();
    }
    return candidates.stream()
        .map(t -> new Found(t, Math.round(near.distanceKm(t.areaCenter()) * 1000) / 1000.0))
        .filter(f -> f.training().format() == Format.VIRTUAL
            || (f.distanceKm() <= f.training().areaRadiusKm() && (radiusKm <= 0 || f.distanceKm() <= radiusKm)))
        .sorted(Comparator.comparingDouble(Found::distanceKm))
        .toList();
  }

  /** {@code v} may already hold violations the endpoint found while reading the request. */
  public Booking book(Caller caller, String trainingId, BookingDraft draft, String requestId, String fingerprint,
                      Violations v) {
    Training training = get(trainingId);
    if (caller.organisationId() == null || !caller.hasRole(Role.PARTNER_ADMIN)) {
      throw new PermissionDeniedException("SCHOOL_REQUIRED", "only a school's partner-admin can book a training");
    }
    if (caller.belongsTo(training.trainer())) {
      throw new PermissionDeniedException("CANNOT_BOOK_OWN_TRAINING", "a partner cannot book its own training");
    }
    draft.validate(training, today(), v);
    RequestIds.check(requestId, v);
    v.throwIfAny();
    // last before storing: the one check that costs a call to partner-directory
    if (!schools.isActiveSchool(caller.organisationId())) {
      throw new PermissionDeniedException("SCHOOL_REQUIRED",
          "only the partner-admin of an active school (partner kind SCHOOL) can book a training");
    }
    Instant now = now();
    Format format = draft.format() != null ? draft.format()
        : training.format();
    Booking booking = new Booking(Ids.newId(), training.id(), training.trainer(), caller.organisationId(),
        draft.preferredDates().stream().sorted().toList(), draft.audience(), draft.expectedParticipants(), format,
        blankToNull(draft.note()), BookingStatus.REQUESTED, null, null, null, RequestIds.orFresh(requestId), null, null,
        now, now, fingerprint);
    Booking stored = bookings.insertOnce(booking);
    if (!stored.id().equals(booking.id())) {
      RequestIds.requireSameRequest(stored.requestHash(), fingerprint);
    } else {
      meters.counter("partnernet.resources.bookings", "outcome", "requested").increment();
      events.append(training.trainer(), EventType.BOOKING_REQUESTED,
          ResourceEvent.Subject.booking(training.id(), booking.id()));
    }
    return stored;
  }

  public Booking getBooking(Caller caller, String id) {
    Booking booking = findBooking(id);
    if (!caller.belongsTo(booking.school()) && !caller.belongsTo(booking.trainer())) {
      throw new PermissionDeniedException("NOT_A_PARTY", "only the school and the trainer see a booking");
    }
    return booking;
  }

  /** Bookings of the caller's organisation (as school or trainer), newest first; one more than asked = more. */
  public List<Booking> bookingsOf(Caller caller, String training, BookingStatus status, String afterId, int limit) {
    if (caller.organisationId() == null) {
      throw new PermissionDeniedException("ORGANISATION_REQUIRED", "the caller belongs to no organisation");
    }
    return bookings.of(caller.organisationId(), blankToNull(training), status, afterId, limit);
  }

  public Booking confirm(Caller caller, String id, LocalDate day, String requestId) {
    Booking booking = findBooking(id);
    requireTrainer(caller, booking);
    Violations v = new Violations();
    if (day == null) {
      v.add("date", "is required");
    } else {
      v.check(booking.preferredDates().contains(day), "date", "must be one of the booking's preferred dates");
      v.check(!day.isBefore(today()), "date", "must not be in the past");
    }
    RequestIds.check(requestId, v);
    v.throwIfAny();
    String rid = blankToNull(requestId);
    if (bookings.confirm(id, day, rid, now())) {
      return answered(booking, EventType.BOOKING_CONFIRMED, "confirmed");
    }
    return repeatedAnswer(id, BookingStatus.CONFIRMED, rid);
  }

  public Booking decline(Caller caller, String id, String reason, String requestId) {
    Booking booking = findBooking(id);
    requireTrainer(caller, booking);
    Violations v = new Violations();
    v.maxLength(reason, 500, "reason");
    RequestIds.check(requestId, v);
    v.throwIfAny();
    String rid = blankToNull(requestId);
    if (bookings.decline(id, blankToNull(reason), rid, now())) {
      return answered(booking, EventType.BOOKING_DECLINED, "declined");
    }
    return repeatedAnswer(id, BookingStatus.DECLINED, rid);
  }

  private Booking answered(Booking booking, EventType type, String outcome) {
    meters.counter("partnernet.resources.bookings", "outcome", outcome).increment();
    events.append(booking.school(), type, ResourceEvent.Subject.booking(booking.training(), booking.id()));
    return findBooking(booking.id());
  }

  private Booking repeatedAnswer(String id, BookingStatus wanted, String requestId) {
    Booking now = findBooking(id);
    if (now.status() == wanted && requestId != null && requestId.equals(now.answerRequestId())) {
      return now;
    }
    throw new FailedPreconditionException("BOOKING_ALREADY_ANSWERED", "the booking was already answered");
  }

  public Booking recordFeedback(Caller caller, String id, int attendance, int rating, String comment,
                                String requestId) {
    Booking booking = findBooking(id);
    if (!caller.hasRole(Role.PARTNER_ADMIN) || !caller.belongsTo(booking.school())) {
      throw new PermissionDeniedException("NOT_THE_SCHOOL", "only a partner-admin of the school can record feedback");
    }
    Violations v = new Violations();
    v.check(attendance >= 0 && attendance <= 10_000, "feedback.attendance", "must be between 0 and 10000");
    v.check(rating >= 1 && rating <= 5, "feedback.rating", "must be between 1 and 5");
    v.maxLength(comment, 1000, "feedback.comment");
    RequestIds.check(requestId, v);
    v.throwIfAny();
    String rid = blankToNull(requestId);
    if (booking.status() == BookingStatus.COMPLETED) {
      if (rid != null && rid.equals(booking.feedbackRequestId())) {
        return booking;
      }
      throw new FailedPreconditionException("FEEDBACK_ALREADY_RECORDED", "feedback was already recorded");
    }
    if (booking.status() != BookingStatus.CONFIRMED) {
      throw new FailedPreconditionException("BOOKING_NOT_CONFIRMED", "only a confirmed session can get feedback");
    }
    if (today().isBefore(booking.confirmedDate())) {
      throw new FailedPreconditionException("SESSION_NOT_HELD_YET", "record feedback on or after the session date");
    }
    Instant now = now();
    if (!bookings.complete(id, new Booking.Feedback(attendance, rating, blankToNull(comment), now), rid, now)) {
      return recordFeedback(caller, id, attendance, rating, comment, requestId); // answered meanwhile: re-decide
    }
    trainings.addRating(booking.training(), rating);
    meters.counter("partnernet.resources.bookings", "outcome", "completed").increment();
    events.append(booking.trainer(), EventType.BOOKING_COMPLETED,
        ResourceEvent.Subject.booking(booking.training(), booking.id()));
    return findBooking(id);
  }

  public boolean isEmpty() {
    return trainings.count() == 0;
  }

  private void requireTrainer(Caller caller, Booking booking) {
    if (!caller.hasAnyRole(Role.TRAINER, Role.PARTNER_ADMIN) || !caller.belongsTo(booking.trainer())) {
      throw new PermissionDeniedException("NOT_THE_TRAINER",
          "only a trainer or partner-admin of the training's organisation can answer a booking");
    }
  }

  private Booking findBooking(String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidArgumentException("booking", "is required");
    }
    return bookings.find(id).orElseThrow(() -> new NotFoundException("BOOKING_NOT_FOUND", "no booking has this id"));
  }

  private LocalDate today() {
    return LocalDate.now(clock);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  /** Stored times have millisecond precision; answering with the same precision keeps reads equal to writes. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }
}
