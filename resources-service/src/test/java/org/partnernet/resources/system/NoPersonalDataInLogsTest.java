package org.partnernet.resources.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.resources.support.Api.admin;
import static org.partnernet.resources.support.Api.inDays;
import static org.partnernet.resources.support.Api.invalidFields;
import static org.partnernet.resources.support.Api.newOrg;
import static org.partnernet.resources.support.Api.trainer;
import static org.partnernet.resources.support.Samples.need;
import static org.partnernet.resources.support.Samples.offer;
import static org.partnernet.resources.support.Samples.post;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.partnernet.api.resources.v1.Booking;
import org.partnernet.api.resources.v1.ClaimOfferRequest;
import org.partnernet.api.resources.v1.ConfirmBookingRequest;
import org.partnernet.api.resources.v1.CreateBookingRequest;
import org.partnernet.api.resources.v1.CreateOfferRequest;
import org.partnernet.api.resources.v1.CreateTrainingRequest;
import org.partnernet.api.resources.v1.RecordSessionFeedbackRequest;
import org.partnernet.api.resources.v1.ResourceKind;
import org.partnernet.api.resources.v1.SessionFeedback;
import org.partnernet.api.resources.v1.Training;
import org.partnernet.api.resources.v1.TrainingAudience;
import org.partnernet.api.resources.v1.TrainingFormat;
import org.partnernet.resources.support.Api;
import org.partnernet.resources.support.ResourcesApp;
import org.slf4j.LoggerFactory;

/** Free text a partner types (titles, notes, comments) and bearer tokens never reach the logs, errors included. */
class NoPersonalDataInLogsTest {

  private static final String SECRET = "Maria-Lopez-555-0199";

  private final ResourcesApp app = ResourcesApp.shared();

  @Test
  void aWholeJourneyLogsNoneOfIt() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("org.partnernet");
    Level before = ours.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    ours.setLevel(Level.DEBUG);
    // proves the capture sees what the service logs at every level it uses
    LoggerFactory.getLogger("org.partnernet.resources.canary").debug("capture works");
    String church = app.directory.school(newOrg());
    String shelter = newOrg();
    String token = admin(church);
    try {
      var offer = post(app.as(token), offer(ResourceKind.RESOURCE_KIND_GOODS, 5).setTitle(SECRET)
          .setDescription("call " + SECRET));
      post(app.as(admin(shelter)), need(ResourceKind.RESOURCE_KIND_GOODS, 5).setDescription(SECRET));
      app.as(admin(shelter)).claimOffer(ClaimOfferRequest.newBuilder().setOffer(offer.getId()).setQuantity(2)
          .build());
      invalidFields(() -> app.as(token).createOffer(CreateOfferRequest.newBuilder()
          .setOffer(offer(ResourceKind.RESOURCE_KIND_GOODS, 1).setTitle(SECRET.repeat(10))).build()));

      String trainers = newOrg();
      Training training = app.as(trainer(trainers)).createTraining(CreateTrainingRequest.newBuilder()
          .setTraining(Training.newBuilder().setTitle(SECRET).addAudiences(TrainingAudience.TRAINING_AUDIENCE_STAFF)
              .setFormat(TrainingFormat.TRAINING_FORMAT_VIRTUAL).addLanguages("en").setDurationMinutes(60)
              .setAreaCenter(Api.kmNorth(0)).setAreaRadiusKm(10).setAvailableFrom(inDays(0))
              .setAvailableUntil(inDays(30))).build()).getTraining();
      Booking booking = app.as(token).createBooking(CreateBookingRequest.newBuilder().setTraining(training.getId())
          .setBooking(Booking.newBuilder().setAudience(TrainingAudience.TRAINING_AUDIENCE_STAFF)
              .addPreferredDates(inDays(2)).setNote(SECRET)).build()).getBooking();
      app.as(trainer(trainers)).confirmBooking(ConfirmBookingRequest.newBuilder().setBooking(booking.getId())
          .setDate(inDays(2)).build());
      app.clock.advance(Duration.ofDays(3));
      app.as(token).recordSessionFeedback(RecordSessionFeedbackRequest.newBuilder().setBooking(booking.getId())
          .setFeedback(SessionFeedback.newBuilder().setAttendance(3).setRating(5).setComment(SECRET)).build());
    } finally {
      app.clock.reset();
      ours.setLevel(before);
      root.detachAppender(captured);
    }
    assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage).contains("capture works");
    for (ILoggingEvent event : captured.list) {
      assertThat(event.getFormattedMessage()).doesNotContain(SECRET).doesNotContain(token);
      if (event.getThrowableProxy() != null) {
        assertThat(event.getThrowableProxy().getMessage()).doesNotContain(SECRET);
      }
    }
  }
}
