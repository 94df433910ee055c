package org.partnernet.resources.api;

import static org.partnernet.resources.api.Protos.date;
import static org.partnernet.resources.api.Protos.timestamp;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.partnernet.api.resources.v1.BookingStatus;
import org.partnernet.api.resources.v1.ConfirmBookingRequest;
import org.partnernet.api.resources.v1.ConfirmBookingResponse;
import org.partnernet.api.resources.v1.CreateBookingRequest;
import org.partnernet.api.resources.v1.CreateBookingResponse;
import org.partnernet.api.resources.v1.CreateTrainingRequest;
import org.partnernet.api.resources.v1.CreateTrainingResponse;
import org.partnernet.api.resources.v1.DeclineBookingRequest;
import org.partnernet.api.resources.v1.DeclineBookingResponse;
import org.partnernet.api.resources.v1.GetBookingRequest;
import org.partnernet.api.resources.v1.GetBookingResponse;
import org.partnernet.api.resources.v1.GetTrainingRequest;
import org.partnernet.api.resources.v1.GetTrainingResponse;
import org.partnernet.api.resources.v1.ListBookingsRequest;
import org.partnernet.api.resources.v1.ListBookingsResponse;
import org.partnernet.api.resources.v1.RecordSessionFeedbackRequest;
import org.partnernet.api.resources.v1.RecordSessionFeedbackResponse;
import org.partnernet.api.resources.v1.SearchTrainingsRequest;
import org.partnernet.api.resources.v1.SearchTrainingsResponse;
import org.partnernet.api.resources.v1.SessionFeedback;
import org.partnernet.api.resources.v1.TrainingAudience;
import org.partnernet.api.resources.v1.TrainingFormat;
import org.partnernet.api.resources.v1.TrainingResult;
import org.partnernet.resources.geo.Place;
import org.partnernet.resources.page.Paging;
import org.partnernet.resources.training.Audience;
import org.partnernet.resources.training.Booking;
import org.partnernet.resources.training.BookingDraft;
import org.partnernet.resources.training.Format;
import org.partnernet.resources.training.Training;
import org.partnernet.resources.training.TrainingDesk;
import org.partnernet.resources.training.TrainingDraft;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.Violations;

/** Trainings and bookings: proto ⇄ domain only. */
final class TrainingEndpoint {

  private final TrainingDesk desk;

  TrainingEndpoint(TrainingDesk desk) {
    this.desk = desk;
  }

  CreateTrainingResponse createTraining(CreateTrainingRequest request) {
    Caller caller = Caller.current();
    var t = request.getTraining();
    Violations v = new Violations();
    List<Audience> audiences = new ArrayList<>();
    for (int i = 0; i < t.getAudiencesCount(); i++) {
      Audience a = audience(t.getAudiences(i));
      if (a == null) {
        v.add("training.audiences[" + i + "]", "is not a training audience");
      } else {
        audiences.add(a);
      }
    }
    Format format = format(t.getFormat());
    Place center = t.hasAreaCenter() ? Protos.place(t.getAreaCenter(), "training.area_center", v) : null;
    LocalDate from = t.hasAvailableFrom() ? Protos.localDate(t.getAvailableFrom(), "training.available_from", v) : null;
    LocalDate until = t.hasAvailableUntil()
        ? Protos.localDate(t.getAvailableUntil(), "training.available_until", v) : null;
    TrainingDraft draft = new TrainingDraft(t.getTitle(), t.getDescription(), audiences, format,
        t.getLanguagesList(), t.getDurationMinutes(), center, t.getAreaRadiusKm(), t.getArea(), from, until);
    // the desk checks roles first, then adds its own violations to these
    Training published = desk.publish(caller, draft, request.getRequestId(),
        Fingerprints.of(request.toBuilder().clearRequestId().build()), v);
    return CreateTrainingResponse.newBuilder().setTraining(training(published)).build();
  }

  GetTrainingResponse getTraining(GetTrainingRequest request) {
    Caller.current();
    return GetTrainingResponse.newBuilder().setTraining(training(desk.get(request.getTraining()))).build();
  }

  SearchTrainingsResponse searchTrainings(SearchTrainingsRequest request) {
    Caller.current();
    Violations v = new Violations();
    Audience audience = null;
    if (request.getAudience() != TrainingAudience.TRAINING_AUDIENCE_UNSPECIFIED) {
      audience = audience(request.getAudience());
      v.check(audience != null, "audience", "is not a training audience");
    }
    Format format = null;
    if (request.getFormat() != TrainingFormat.TRAINING_FORMAT_UNSPECIFIED) {
      format = format(request.getFormat());
      v.check(format != null, "format", "is not a training format");
    }
    v.maxLength(request.getLanguage(), 35, "language");
    Place near = request.hasNear() ? Protos.place(request.getNear(), "near", v) : null;
    v.check(request.getRadiusKm() >= 0 && request.getRadiusKm() <= 500, "radius_km", "must be between 0 and 500");
    v.check(request.getRadiusKm() == 0 || request.hasNear(), "radius_km", "needs near");
    LocalDate date = request.hasDate() ? Protos.localDate(request.getDate(), "date", v) : null;
    int size = Paging.size(request.getPageSize(), v);
    int offset = Paging.offset(request.getPageToken(), v);
    v.throwIfAny();
    List<TrainingDesk.Found> found = desk.search(audience, request.getLanguage().isEmpty() ? null
        : request.getLanguage(), format, date, near, request.getRadiusKm());
    SearchTrainingsResponse.Builder response = SearchTrainingsResponse.newBuilder();
    int from = Math.min(offset, found.size());
    int to = Math.min(from + size, found.size());
    for (TrainingDesk.Found f : found.subList(from, to)) {
      response.addResults(TrainingResult.newBuilder().setTraining(training(f.training())).setDistanceKm(f.distanceKm()));
    }
    if (to < found.size()) {
      response.setNextPageToken(Paging.offsetToken(to));
    }
    return response.build();
  }

  CreateBookingResponse createBooking(CreateBookingRequest request) {
    Caller caller = Caller.current();
    var b = request.getBooking();
    Violations v = new Violations();
    List<LocalDate> dates = new ArrayList<>();
    for (int i = 0; i < b.getPreferredDatesCount(); i++) {
      LocalDate d = Protos.localDate(b.getPreferredDates(i), "booking.preferred_dates[" + i + "]", v);
      if (d != null) {
        dates.add(d);
      }
    }
    Audience audience = b.getAudience() == TrainingAudience.TRAINING_AUDIENCE_UNSPECIFIED ? null
        : audience(b.getAudience());
    v.check(b.getAudience() != TrainingAudience.UNRECOGNIZED, "booking.audience", "is not a training audience");
    Format format = b.getFormat() == TrainingFormat.TRAINING_FORMAT_UNSPECIFIED ? null : format(b.getFormat());
    v.check(b.getFormat() != TrainingFormat.UNRECOGNIZED, "booking.format", "is not a training format");
    Booking booking = desk.book(caller, request.getTraining(),
        new BookingDraft(dates, audience, b.getExpectedParticipants(), format, b.getNote()), request.getRequestId(),
        Fingerprints.of(request.toBuilder().clearRequestId().build()), v);
    return CreateBookingResponse.newBuilder().setBooking(booking(booking)).build();
  }

  GetBookingResponse getBooking(GetBookingRequest request) {
    return GetBookingResponse.newBuilder().setBooking(booking(desk.getBooking(Caller.current(), request.getBooking())))
        .build();
  }

  ListBookingsResponse listBookings(ListBookingsRequest request) {
    Caller caller = Caller.current();
    Violations v = new Violations();
    int size = Paging.size(request.getPageSize(), v);
    String after = Paging.afterKey(request.getPageToken(), v);
    org.partnernet.resources.training.BookingStatus status = null;
    if (request.getStatus() != BookingStatus.BOOKING_STATUS_UNSPECIFIED) {
      if (request.getStatus() == BookingStatus.UNRECOGNIZED) {
        v.add("status", "is not a booking status");
      } else {
        status = org.partnernet.resources.training.BookingStatus.valueOf(
            Protos.enumSuffix(request.getStatus(), "BOOKING_STATUS_"));
      }
    }
    v.throwIfAny();
    List<Booking> found = desk.bookingsOf(caller, request.getTraining(), status, after, size + 1);
    ListBookingsResponse.Builder response = ListBookingsResponse.newBuilder();
    found.stream().limit(size).forEach(b -> response.addBookings(booking(b)));
    if (found.size() > size) {
      response.setNextPageToken(Paging.keyToken(found.get(size - 1).id()));
    }
    return response.build();
  }

  ConfirmBookingResponse confirmBooking(ConfirmBookingRequest request) {
    Caller caller = Caller.current();
    Violations v = new Violations();
    LocalDate day = request.hasDate() ? Protos.localDate(request.getDate(), "date", v) : null;
    v.throwIfAny();
    return ConfirmBookingResponse.newBuilder()
        .setBooking(booking(desk.confirm(caller, request.getBooking(), day, request.getRequestId()))).build();
  }

  DeclineBookingResponse declineBooking(DeclineBookingRequest request) {
    return DeclineBookingResponse.newBuilder().setBooking(booking(desk.decline(Caller.current(), request.getBooking(),
        request.getReason(), request.getRequestId()))).build();
  }

  RecordSessionFeedbackResponse recordSessionFeedback(RecordSessionFeedbackRequest request) {
    SessionFeedback f = request.getFeedback();
    return RecordSessionFeedbackResponse.newBuilder().setBooking(booking(desk.recordFeedback(Caller.current(),
        request.getBooking(), f.getAttendance(), f.getRating(), f.getComment(), request.getRequestId()))).build();
  }

  private static Audience audience(TrainingAudience audience) {
    if (audience == TrainingAudience.TRAINING_AUDIENCE_UNSPECIFIED || audience == TrainingAudience.UNRECOGNIZED) {
      return null;
    }
    return Audience.valueOf(Protos.enumSuffix(audience, "TRAINING_AUDIENCE_"));
  }

  private static Format format(TrainingFormat format) {
    if (format == TrainingFormat.TRAINING_FORMAT_UNSPECIFIED || format == TrainingFormat.UNRECOGNIZED) {
      return null;
    }
    return Format.valueOf(Protos.enumSuffix(format, "TRAINING_FORMAT_"));
  }

  private static org.partnernet.api.resources.v1.Training training(Training t) {
    var b = org.partnernet.api.resources.v1.Training.newBuilder()
        .setId(t.id()).setNetworkId(t.networkId()).setTrainer(t.trainer()).setTitle(t.title())
        .setFormat(TrainingFormat.valueOf("TRAINING_FORMAT_" + t.format().name()))
        .addAllLanguages(t.languages()).setDurationMinutes(t.durationMinutes())
        .setAreaCenter(Protos.geoPoint(t.areaCenter())).setAreaRadiusKm(t.areaRadiusKm())
        .setAvailableFrom(date(t.availableFrom())).setAvailableUntil(date(t.availableUntil()))
        .setAverageRating(t.averageRating()).setRatingCount(t.ratingCount())
        .setCreateTime(timestamp(t.createTime()));
    t.audiences().forEach(a -> b.addAudiences(TrainingAudience.valueOf("TRAINING_AUDIENCE_" + a.name())));
    if (t.description() != null) {
      b.setDescription(t.description());
    }
    if (t.area() != null) {
      b.setArea(t.area());
    }
    return b.build();
  }

  private static org.partnernet.api.resources.v1.Booking booking(Booking bk) {
    var b = org.partnernet.api.resources.v1.Booking.newBuilder()
        .setId(bk.id()).setTraining(bk.training()).setTrainer(bk.trainer()).setSchool(bk.school())
        .setAudience(TrainingAudience.valueOf("TRAINING_AUDIENCE_" + bk.audience().name()))
        .setExpectedParticipants(bk.expectedParticipants())
        .setFormat(TrainingFormat.valueOf("TRAINING_FORMAT_" + bk.format().name()))
        .setStatus(BookingStatus.valueOf("BOOKING_STATUS_" + bk.status().name()))
        .setCreateTime(timestamp(bk.createTime())).setUpdateTime(timestamp(bk.updateTime()));
    bk.preferredDates().forEach(d -> b.addPreferredDates(date(d)));
    if (bk.note() != null) {
      b.setNote(bk.note());
    }
    if (bk.confirmedDate() != null) {
      b.setConfirmedDate(date(bk.confirmedDate()));
    }
    if (bk.declineReason() != null) {
      b.setDeclineReason(bk.declineReason());
    }
    if (bk.feedback() != null) {
      var f = SessionFeedback.newBuilder().setAttendance(bk.feedback().attendance()).setRating(bk.feedback().rating())
          .setRecordTime(timestamp(bk.feedback().recordTime()));
      if (bk.feedback().comment() != null) {
        f.setComment(bk.feedback().comment());
      }
      b.setFeedback(f);
    }
    return b.build();
  }
}
