package org.partnernet.resources.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.resources.support.Api.admin;
import static org.partnernet.resources.support.Api.caseworker;
import static org.partnernet.resources.support.Api.denied;
import static org.partnernet.resources.support.Api.fails;
import static org.partnernet.resources.support.Api.inDays;
import static org.partnernet.resources.support.Api.invalidFields;
import static org.partnernet.resources.support.Api.newOrg;
import static org.partnernet.resources.support.Api.offset;
import static org.partnernet.resources.support.Api.reason;
import static org.partnernet.resources.support.Api.somewhere;
import static org.partnernet.resources.support.Api.trainer;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.partnernet.api.directory.v1.PartnerKind;
import org.partnernet.api.directory.v1.PartnerStatus;
import org.partnernet.api.resources.v1.Booking;
import org.partnernet.api.resources.v1.BookingStatus;
import org.partnernet.api.resources.v1.ConfirmBookingRequest;
import org.partnernet.api.resources.v1.CreateBookingRequest;
import org.partnernet.api.resources.v1.CreateTrainingRequest;
import org.partnernet.api.resources.v1.DeclineBookingRequest;
import org.partnernet.api.resources.v1.GetBookingRequest;
import org.partnernet.api.resources.v1.GetTrainingRequest;
import org.partnernet.api.resources.v1.ListBookingsRequest;
import org.partnernet.api.resources.v1.RecordSessionFeedbackRequest;
import org.partnernet.api.resources.v1.ResourceEventType;
import org.partnernet.api.resources.v1.ResourcesServiceGrpc.ResourcesServiceBlockingStub;
import org.partnernet.api.resources.v1.SearchTrainingsRequest;
import org.partnernet.api.resources.v1.SessionFeedback;
import org.partnernet.api.resources.v1.Training;
import org.partnernet.api.resources.v1.TrainingAudience;
import org.partnernet.api.resources.v1.TrainingFormat;
import org.partnernet.api.resources.v1.TrainingResult;
import org.partnernet.api.type.v1.GeoPoint;
import org.partnernet.resources.support.EventStream;
import org.partnernet.resources.support.ResourcesApp;

/** Training programmes, search, bookings by schools, the trainer's answer and the school's feedback. */
class TrainingTest {

  private final ResourcesApp app = ResourcesApp.shared();
  private String trainers;
  private String school;
  private ResourcesServiceBlockingStub trainerStub;
  private ResourcesServiceBlockingStub schoolAdmin;
  private GeoPoint here;
  /** A language tag no other test uses, so searches see only this test's trainings. */
  private String language;

  @BeforeEach
  void partners() {
    trainers = newOrg();
    school = app.directory.school(newOrg());
    trainerStub = app.as(trainer(trainers));
    schoolAdmin = app.as(admin(school));
    here = somewhere();
    language = "en-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void resetTime() {
    app.clock.reset();
  }

  private Training.Builder programme() {
    return Training.newBuilder().setTitle("Recognising trafficking").setDescription("For grades 9-12")
        .addAudiences(TrainingAudience.TRAINING_AUDIENCE_STUDENTS_HIGH)
        .addAudiences(TrainingAudience.TRAINING_AUDIENCE_TEACHERS)
        .setFormat(TrainingFormat.TRAINING_FORMAT_IN_PERSON).addLanguages(language).addLanguages("es")
        .setDurationMinutes(90).setAreaCenter(here).setAreaRadiusKm(30).setArea("Riverton metro")
        .setAvailableFrom(inDays(0)).setAvailableUntil(inDays(120));
  }

  private Training publish(Training.Builder training) {
    return trainerStub.createTraining(CreateTrainingRequest.newBuilder().setTraining(training)
        .setRequestId(UUID.randomUUID().toString()).build()).getTraining();
  }

  private Booking book(Training training, int... days) {
    Booking.Builder booking = Booking.newBuilder().setAudience(TrainingAudience.TRAINING_AUDIENCE_STUDENTS_HIGH)
        .setExpectedParticipants(60).setNote("Two classes");
    for (int d : days) {
      booking.addPreferredDates(inDays(d));
    }
    return schoolAdmin.createBooking(CreateBookingRequest.newBuilder().setTraining(training.getId())
        .setBooking(booking).setRequestId(UUID.randomUUID().toString()).build()).getBooking();
  }

  private List<String> search(SearchTrainingsRequest.Builder request) {
    return app.as(caseworker(newOrg())).searchTrainings(request.setLanguage(language).setPageSize(50).build())
        .getResultsList().stream().map(r -> r.getTraining().getId()).toList();
  }

  @Nested
  class Publishing {

    @Test
    void aTrainerOrPartnerAdminPublishesForTheirOrganisation() {
      Training published = publish(programme());
      assertThat(published.getTrainer()).isEqualTo(trainers);
      assertThat(published.getRatingCount()).isZero();
      assertThat(app.as(admin(newOrg())).getTraining(GetTrainingRequest.newBuilder().setTraining(published.getId())
          .build()).getTraining()).isEqualTo(published);
      assertThat(app.as(admin(trainers)).createTraining(CreateTrainingRequest.newBuilder().setTraining(programme())
          .build()).getTraining().getTrainer()).isEqualTo(trainers);
    }

    @Test
    void othersCannotPublish() {
      denied(() -> app.as(caseworker(trainers)).createTraining(CreateTrainingRequest.newBuilder()
          .setTraining(programme()).build()));
    }

    @Test
    void aRetryReturnsTheFirstTraining() {
      CreateTrainingRequest request = CreateTrainingRequest.newBuilder().setTraining(programme()).setRequestId("t1")
          .build();
      assertThat(trainerStub.createTraining(request).getTraining().getId())
          .isEqualTo(trainerStub.createTraining(request).getTraining().getId());
    }

    @Test
    void namesEveryBadField() {
      Training.Builder bad = Training.newBuilder().setTitle("").addLanguages("not a language")
          .setDurationMinutes(5).setAreaRadiusKm(0).setAvailableFrom(inDays(10)).setAvailableUntil(inDays(5))
          .setAreaCenter(org.partnernet.resources.support.Api.point(100, 0));
      assertThat(invalidFields(() -> trainerStub.createTraining(CreateTrainingRequest.newBuilder().setTraining(bad)
          .build()))).contains("training.title", "training.audiences", "training.format", "training.languages[0]",
          "training.duration_minutes", "training.area_center.latitude", "training.area_radius_km",
          "training.available_until");
    }
  }

  @Nested
  class Searching {

    @Test
    void byAudienceFormatDistanceAndDate() {
      Training near = publish(programme().setAreaCenter(offset(here, 5, 0)));
      Training nearer = publish(programme().setFormat(TrainingFormat.TRAINING_FORMAT_HYBRID)
          .setAreaCenter(offset(here, 1, 0)));
      Training virtualFarAway = publish(programme().setFormat(TrainingFormat.TRAINING_FORMAT_VIRTUAL)
          .setAreaCenter(offset(here, 900, 0)));
      Training outOfArea = publish(programme().setAreaCenter(offset(here, 45, 0)));
      Training parentsOnly = publish(programme().clearAudiences()
          .addAudiences(TrainingAudience.TRAINING_AUDIENCE_PARENTS));
      Training laterOnly = publish(programme().setAvailableFrom(inDays(60)));

      // at the school: in-person ones that serve it, nearest first; virtual ones from anywhere
      List<TrainingResult> results = app.as(admin(school)).searchTrainings(SearchTrainingsRequest.newBuilder()
          .setLanguage(language).setNear(here).setAudience(TrainingAudience.TRAINING_AUDIENCE_STUDENTS_HIGH)
          .setDate(inDays(30)).build()).getResultsList();
      assertThat(results).extracting(r -> r.getTraining().getId())
          .containsExactly(nearer.getId(), near.getId(), virtualFarAway.getId());
      assertThat(results.get(0).getDistanceKm()).isBetween(0.9, 1.1);

      assertThat(search(SearchTrainingsRequest.newBuilder().setNear(here)
          .setFormat(TrainingFormat.TRAINING_FORMAT_IN_PERSON)))
          .containsExactlyInAnyOrder(nearer.getId(), near.getId(), parentsOnly.getId(), laterOnly.getId());
      assertThat(search(SearchTrainingsRequest.newBuilder().setFormat(TrainingFormat.TRAINING_FORMAT_VIRTUAL)))
          .containsExactlyInAnyOrder(nearer.getId(), virtualFarAway.getId());
      assertThat(search(SearchTrainingsRequest.newBuilder().setAudience(TrainingAudience.TRAINING_AUDIENCE_PARENTS)))
          .containsExactly(parentsOnly.getId());
      assertThat(search(SearchTrainingsRequest.newBuilder().setDate(inDays(90))))
          .contains(laterOnly.getId(), outOfArea.getId());
      assertThat(search(SearchTrainingsRequest.newBuilder().setDate(inDays(10)))).doesNotContain(laterOnly.getId());
      assertThat(search(SearchTrainingsRequest.newBuilder().setNear(here).setRadiusKm(3)))
          .containsExactlyInAnyOrder(nearer.getId(), virtualFarAway.getId(), parentsOnly.getId(), laterOnly.getId());
    }

    @Test
    void refusesBadFilters() {
      assertThat(invalidFields(() -> schoolAdmin.searchTrainings(SearchTrainingsRequest.newBuilder().setRadiusKm(5)
          .setDate(com.google.type.Date.newBuilder().setYear(2026).setMonth(2).setDay(30)).setPageSize(-2).build())))
          .containsExactlyInAnyOrder("radius_km", "date", "page_size");
    }
  }

  @Nested
  class Booking_ {

    @Test
    void aSchoolBooksAndBothPartiesSeeIt() {
      Training training = publish(programme());
      Booking booking = book(training, 14, 21);
      assertThat(booking.getStatus()).isEqualTo(BookingStatus.BOOKING_STATUS_REQUESTED);
      assertThat(booking.getSchool()).isEqualTo(school);
      assertThat(booking.getTrainer()).isEqualTo(trainers);
      assertThat(booking.getFormat()).isEqualTo(TrainingFormat.TRAINING_FORMAT_IN_PERSON);

      GetBookingRequest get = GetBookingRequest.newBuilder().setBooking(booking.getId()).build();
      assertThat(trainerStub.getBooking(get).getBooking()).isEqualTo(booking);
      assertThat(schoolAdmin.getBooking(get).getBooking()).isEqualTo(booking);
      denied(() -> app.as(admin(newOrg())).getBooking(get));
      assertThat(trainerStub.listBookings(ListBookingsRequest.getDefaultInstance()).getBookingsList())
          .extracting(Booking::getId).containsExactly(booking.getId());
      assertThat(schoolAdmin.listBookings(ListBookingsRequest.newBuilder().setTraining(training.getId()).build())
          .getBookingsList()).extracting(Booking::getId).containsExactly(booking.getId());
    }

    @Test
    void onlyASchoolsPartnerAdminBooksAndNeverItsOwnTraining() {
      Training training = publish(programme());
      CreateBookingRequest request = CreateBookingRequest.newBuilder().setTraining(training.getId())
          .setBooking(Booking.newBuilder().setAudience(TrainingAudience.TRAINING_AUDIENCE_TEACHERS)
              .addPreferredDates(inDays(10))).build();
      StatusRuntimeException e = fails(Status.Code.PERMISSION_DENIED,
          () -> app.as(caseworker(school)).createBooking(request));
      assertThat(reason(e)).isEqualTo("SCHOOL_REQUIRED");
      denied(() -> app.as(trainer(school)).createBooking(request));
      e = fails(Status.Code.PERMISSION_DENIED, () -> app.as(admin(trainers)).createBooking(request));
      assertThat(reason(e)).isEqualTo("CANNOT_BOOK_OWN_TRAINING");
    }
  }

  /** partner-directory, asked with a deadline, decides whether the booking organisation is an active school. */
  @Nested
  class TheSchoolCheck {

    private CreateBookingRequest request(Training training) {
      return CreateBookingRequest.newBuilder().setTraining(training.getId())
          .setBooking(Booking.newBuilder().setAudience(TrainingAudience.TRAINING_AUDIENCE_TEACHERS)
              .addPreferredDates(inDays(10))).setRequestId(UUID.randomUUID().toString()).build();
    }

    private List<Booking> bookingsOf(String organisation) {
      return app.as(admin(organisation)).listBookings(ListBookingsRequest.getDefaultInstance()).getBookingsList();
    }

    @Test
    void aPartnerAdminOfAnotherKindPendingSchoolOrUnknownOrganisationIsRefused() {
      Training training = publish(programme());
      String ngo = app.directory.partner(newOrg(), PartnerKind.PARTNER_KIND_NGO, PartnerStatus.PARTNER_STATUS_ACTIVE);
      String pending = app.directory.partner(newOrg(), PartnerKind.PARTNER_KIND_SCHOOL,
          PartnerStatus.PARTNER_STATUS_PENDING);
      String suspended = app.directory.partner(newOrg(), PartnerKind.PARTNER_KIND_SCHOOL,
          PartnerStatus.PARTNER_STATUS_SUSPENDED);
      String unknown = newOrg();
      for (String organisation : List.of(ngo, pending, suspended, unknown)) {
        StatusRuntimeException e = fails(Status.Code.PERMISSION_DENIED,
            () -> app.as(admin(organisation)).createBooking(request(training)));
        assertThat(reason(e)).as(organisation).isEqualTo("SCHOOL_REQUIRED");
        assertThat(bookingsOf(organisation)).as(organisation).isEmpty();
      }
      assertThat(trainerStub.listBookings(ListBookingsRequest.getDefaultInstance()).getBookingsList()).isEmpty();
    }

    @Test
    void asksWithTheCallersToken() {
      Training training = publish(programme());
      String token = admin(school);
      app.as(token).createBooking(request(training));
      assertThat(app.directory.lastAuthorization()).isEqualTo("Bearer " + token);
    }

    @Test
    void isNotAskedForACallerWhoIsNoPartnerAdmin() {
      Training training = publish(programme());
      int before = app.directory.calls();
      denied(() -> app.as(caseworker(school)).createBooking(request(training)));
      assertThat(app.directory.calls()).isEqualTo(before);
    }

    @Test
    void directoryDownIsUnavailableAndNothingIsStored() {
      Training training = publish(programme());
      app.directory.stop();
      try {
        StatusRuntimeException e = fails(Status.Code.UNAVAILABLE, () -> schoolAdmin.createBooking(request(training)));
        assertThat(reason(e)).isEqualTo("DIRECTORY_UNAVAILABLE");
      } finally {
        app.directory.restart();
      }
      assertThat(bookingsOf(school)).isEmpty();
      awaitDirectory(training);
    }

    @Test
    void directorySlowIsDeadlineExceededAndNothingIsStored() {
      Training training = publish(programme());
      app.directory.delay(Duration.ofMillis(1500));
      try {
        StatusRuntimeException e = fails(Status.Code.DEADLINE_EXCEEDED,
            () -> schoolAdmin.createBooking(request(training)));
        assertThat(reason(e)).isEqualTo("DIRECTORY_TIMEOUT");
      } finally {
        app.directory.delay(Duration.ZERO);
      }
      assertThat(bookingsOf(school)).isEmpty();
    }

    /** The channel reconnects after its back-off; later tests need it. */
    private void awaitDirectory(Training training) {
      for (int i = 0; i < 100; i++) {
        try {
          schoolAdmin.createBooking(request(training));
          return;
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
            throw e;
          }
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      throw new AssertionError("the directory did not come back");
    }

    @Test
    void validatesDatesAudienceAndFormat() {
      Training training = publish(programme().setAvailableUntil(inDays(30)));
      Booking.Builder bad = Booking.newBuilder().setAudience(TrainingAudience.TRAINING_AUDIENCE_PARENTS)
          .setFormat(TrainingFormat.TRAINING_FORMAT_VIRTUAL).setExpectedParticipants(-1)
          .addPreferredDates(inDays(-1)).addPreferredDates(inDays(40));
      assertThat(invalidFields(() -> schoolAdmin.createBooking(CreateBookingRequest.newBuilder()
          .setTraining(training.getId()).setBooking(bad).build())))
          .containsOnly("booking.preferred_dates[0]", "booking.preferred_dates[1]", "booking.audience",
              "booking.format", "booking.expected_participants");
      assertThat(invalidFields(() -> schoolAdmin.createBooking(CreateBookingRequest.newBuilder()
          .setTraining(training.getId()).setBooking(Booking.newBuilder()
              .setAudience(TrainingAudience.TRAINING_AUDIENCE_TEACHERS)).build())))
          .containsExactly("booking.preferred_dates");
    }

    @Test
    void aRetryReturnsTheFirstBooking() {
      Training training = publish(programme());
      CreateBookingRequest request = CreateBookingRequest.newBuilder().setTraining(training.getId())
          .setBooking(Booking.newBuilder().setAudience(TrainingAudience.TRAINING_AUDIENCE_TEACHERS)
              .addPreferredDates(inDays(10))).setRequestId("b1").build();
      assertThat(schoolAdmin.createBooking(request).getBooking().getId())
          .isEqualTo(schoolAdmin.createBooking(request).getBooking().getId());
      assertThat(invalidFields(() -> schoolAdmin.createBooking(request.toBuilder()
          .setBooking(request.getBooking().toBuilder().clearPreferredDates().addPreferredDates(inDays(11))).build())))
          .containsExactly("request_id");
    }
  }

  @Nested
  class Answering {

    @Test
    void theTrainerConfirmsOneOfThePreferredDatesOnce() throws Exception {
      Training training = publish(programme());
      Booking booking;
      try (EventStream trainerEvents = EventStream.open(app, trainer(trainers), 0L);
           EventStream schoolEvents = EventStream.open(app, admin(school), 0L)) {
        booking = book(training, 14, 21);
        assertThat(trainerEvents.next(e -> true, Duration.ofSeconds(10)).getType())
            .isEqualTo(ResourceEventType.RESOURCE_EVENT_TYPE_BOOKING_REQUESTED);

        assertThat(invalidFields(() -> trainerStub.confirmBooking(ConfirmBookingRequest.newBuilder()
            .setBooking(booking.getId()).setDate(inDays(15)).build()))).containsExactly("date");
        ConfirmBookingRequest confirm = ConfirmBookingRequest.newBuilder().setBooking(booking.getId())
            .setDate(inDays(21)).setRequestId("yes").build();
        Booking confirmed = trainerStub.confirmBooking(confirm).getBooking();
        assertThat(confirmed.getStatus()).isEqualTo(BookingStatus.BOOKING_STATUS_CONFIRMED);
        assertThat(confirmed.getConfirmedDate()).isEqualTo(inDays(21));
        assertThat(trainerStub.confirmBooking(confirm).getBooking()).isEqualTo(confirmed);
        var event = schoolEvents.next(e -> true, Duration.ofSeconds(10));
        assertThat(event.getType()).isEqualTo(ResourceEventType.RESOURCE_EVENT_TYPE_BOOKING_CONFIRMED);
        assertThat(event.getBooking()).isEqualTo(booking.getId());
      }
      StatusRuntimeException e = fails(Status.Code.FAILED_PRECONDITION, () -> trainerStub.declineBooking(
          DeclineBookingRequest.newBuilder().setBooking(booking.getId()).build()));
      assertThat(reason(e)).isEqualTo("BOOKING_ALREADY_ANSWERED");
    }

    @Test
    void theTrainerDeclines() {
      Booking booking = book(publish(programme()), 14);
      Booking declined = app.as(admin(trainers)).declineBooking(DeclineBookingRequest.newBuilder()
          .setBooking(booking.getId()).setReason("No trainer free that week").build()).getBooking();
      assertThat(declined.getStatus()).isEqualTo(BookingStatus.BOOKING_STATUS_DECLINED);
      assertThat(schoolAdmin.getBooking(GetBookingRequest.newBuilder().setBooking(booking.getId()).build())
          .getBooking().getDeclineReason()).isEqualTo("No trainer free that week");
      StatusRuntimeException e = fails(Status.Code.FAILED_PRECONDITION, () -> schoolAdmin.recordSessionFeedback(
          RecordSessionFeedbackRequest.newBuilder().setBooking(booking.getId())
              .setFeedback(SessionFeedback.newBuilder().setAttendance(1).setRating(5)).build()));
      assertThat(reason(e)).isEqualTo("BOOKING_NOT_CONFIRMED");
    }

    @Test
    void onlyTheTrainersOrganisationAnswers() {
      Booking booking = book(publish(programme()), 14);
      ConfirmBookingRequest confirm = ConfirmBookingRequest.newBuilder().setBooking(booking.getId())
          .setDate(inDays(14)).build();
      DeclineBookingRequest decline = DeclineBookingRequest.newBuilder().setBooking(booking.getId()).build();
      for (String token : List.of(admin(school), trainer(newOrg()), caseworker(trainers))) {
        denied(() -> app.as(token).confirmBooking(confirm));
        denied(() -> app.as(token).declineBooking(decline));
      }
    }
  }

  @Nested
  class Feedback {

    @Test
    void aSameDaySessionIsBookedConfirmedAndRatedTheSameDay() {
      Training training = publish(programme());
      Booking booking = book(training, 0);
      trainerStub.confirmBooking(ConfirmBookingRequest.newBuilder().setBooking(booking.getId()).setDate(inDays(0))
          .build());
      Booking completed = schoolAdmin.recordSessionFeedback(RecordSessionFeedbackRequest.newBuilder()
          .setBooking(booking.getId()).setFeedback(SessionFeedback.newBuilder().setAttendance(20).setRating(3))
          .build()).getBooking();
      assertThat(completed.getStatus()).isEqualTo(BookingStatus.BOOKING_STATUS_COMPLETED);
      assertThat(schoolAdmin.getTraining(GetTrainingRequest.newBuilder().setTraining(training.getId()).build())
          .getTraining().getAverageRating()).isEqualTo(3.0);
    }

    @Test
    void afterTheSessionTheSchoolRecordsItAndTheProgrammeShowsTheAverage() {
      Training training = publish(programme());
      Booking first = book(training, 7);
      Booking second = book(training, 8);
      trainerStub.confirmBooking(ConfirmBookingRequest.newBuilder().setBooking(first.getId()).setDate(inDays(7))
          .build());
      trainerStub.confirmBooking(ConfirmBookingRequest.newBuilder().setBooking(second.getId()).setDate(inDays(8))
          .build());
      RecordSessionFeedbackRequest four = RecordSessionFeedbackRequest.newBuilder().setBooking(first.getId())
          .setFeedback(SessionFeedback.newBuilder().setAttendance(55).setRating(4).setComment("Engaging"))
          .setRequestId("f1").build();

      StatusRuntimeException early = fails(Status.Code.FAILED_PRECONDITION, () -> schoolAdmin.recordSessionFeedback(four));
      assertThat(reason(early)).isEqualTo("SESSION_NOT_HELD_YET");

      app.clock.advance(Duration.ofDays(9));
      denied(() -> trainerStub.recordSessionFeedback(four));
      denied(() -> app.as(caseworker(school)).recordSessionFeedback(four));
      assertThat(invalidFields(() -> schoolAdmin.recordSessionFeedback(four.toBuilder()
          .setFeedback(SessionFeedback.newBuilder().setAttendance(-1).setRating(6).setComment("x".repeat(1001)))
          .build()))).containsExactlyInAnyOrder("feedback.attendance", "feedback.rating", "feedback.comment");

      Booking completed = schoolAdmin.recordSessionFeedback(four).getBooking();
      assertThat(completed.getStatus()).isEqualTo(BookingStatus.BOOKING_STATUS_COMPLETED);
      assertThat(completed.getFeedback().getAttendance()).isEqualTo(55);
      assertThat(schoolAdmin.recordSessionFeedback(four).getBooking()).isEqualTo(completed); // a retry
      StatusRuntimeException again = fails(Status.Code.FAILED_PRECONDITION, () -> schoolAdmin.recordSessionFeedback(
          four.toBuilder().setRequestId("f2").build()));
      assertThat(reason(again)).isEqualTo("FEEDBACK_ALREADY_RECORDED");

      schoolAdmin.recordSessionFeedback(RecordSessionFeedbackRequest.newBuilder().setBooking(second.getId())
          .setFeedback(SessionFeedback.newBuilder().setAttendance(40).setRating(5)).build());
      Training rated = schoolAdmin.getTraining(GetTrainingRequest.newBuilder().setTraining(training.getId()).build())
          .getTraining();
      assertThat(rated.getRatingCount()).isEqualTo(2);
      assertThat(rated.getAverageRating()).isEqualTo(4.5);
      assertThat(trainerStub.getBooking(GetBookingRequest.newBuilder().setBooking(first.getId()).build())
          .getBooking().getFeedback().getComment()).isEqualTo("Engaging");
    }
  }
}
