package org.partnernet.resources.system;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.partnernet.resources.event.EventLog;
import org.partnernet.resources.exchange.Draft;
import org.partnernet.resources.exchange.Exchange;
import org.partnernet.resources.exchange.Kind;
import org.partnernet.resources.exchange.Posting;
import org.partnernet.resources.exchange.Side;
import org.partnernet.resources.geo.Place;
import org.partnernet.resources.store.MongoFilters;
import org.partnernet.resources.training.Audience;
import org.partnernet.resources.training.BookingDraft;
import org.partnernet.resources.training.Format;
import org.partnernet.resources.training.MongoBookings;
import org.partnernet.resources.training.MongoTrainings;
import org.partnernet.resources.training.Training;
import org.partnernet.resources.training.TrainingDesk;
import org.partnernet.resources.training.TrainingDraft;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.id.NetworkId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Offers, needs and trainings of the demo organisations (the realm's and the directory's ids) around the fictional
 * city of Riverton, chosen to match each other, seeded once into an empty database. A marker document makes sure
 * only one replica seeds. Posted through the use cases, so they pass the same validation as any request.
 */
@Component
@ConditionalOnProperty(name = "partnernet.demo-data", havingValue = "true", matchIfMissing = true)
class DemoData implements ApplicationRunner {

  static final String SHELTER = "01900000-0000-7000-8000-000000000001";
  static final String ADVOCATES = "01900000-0000-7000-8000-000000000002";
  static final String SCHOOL = "01900000-0000-7000-8000-000000000003";
  static final String BUSINESS = "01900000-0000-7000-8000-000000000004";
  static final String CHURCH = "01900000-0000-7000-8000-000000000005";
  static final String TRAINERS = "01900000-0000-7000-8000-000000000007";

  /** Riverton's centre; everything below lies within about 30 km. */
  static final Place RIVERTON = new Place(41.50, -81.69);

  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  private final MongoDatabase database;
  private final Exchange exchange;
  private final TrainingDesk desk;
  private final Clock clock;

  DemoData(MongoDatabase database, Exchange exchange, EventLog events, NetworkId network, MeterRegistry meters,
           Clock clock) {
    this.database = database;
    this.exchange = exchange;
    // the seed runs at start, when partner-directory may not be up yet: it knows its own school (the directory's demo
    // data names the same organisation a SCHOOL) instead of asking; every request's booking asks
    this.desk = new TrainingDesk(new MongoTrainings(database), new MongoBookings(database), SCHOOL::equals, events,
        clock, network.value(), meters);
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!exchange.isEmpty() || !desk.isEmpty()) {
      return;
    }
    try {
      database.getCollection("meta").insertOne(new Document("_id", "demo-data").append("seededAt",
          MongoFilters.date(clock.instant())));
    } catch (MongoWriteException e) {
      if (MongoFilters.isDuplicateKey(e)) {
        return; // another replica seeds
      }
      throw e;
    }
    log.warn("seeding demo offers, needs and trainings (partnernet.demo-data=true): turn it off in production");
    seed();
  }

  void seed() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.HOURS);
    Instant soon = now.plus(Duration.ofDays(90));

    Posting hall = post(CHURCH, Side.OFFER, Kind.SPACE, "Community hall for evening groups",
        "Heated hall with kitchen, seats 60; free on weekday evenings.", 8, "evenings",
        new Place(41.505, -81.655), "Riverton Eastside", now, soon, "survivors", "families");
    post(CHURCH, Side.OFFER, Kind.GOODS, "Hygiene kits from our winter drive",
        "Toiletries, towels and socks packed in kits.", 40, "kits", new Place(41.505, -81.655), "Riverton Eastside",
        now, now.plus(Duration.ofDays(30)), "survivors");
    post(CHURCH, Side.OFFER, Kind.VOLUNTEERS, "Evening volunteers for shelters",
        "Background-checked volunteers for meals and activities.", 6, "volunteers", new Place(41.505, -81.655),
        "Riverton Eastside", now, soon);
    post(BUSINESS, Side.OFFER, Kind.JOBS, "Warehouse jobs with paid training",
        "Entry-level positions, day shifts, paid on-the-job training.", 5, "positions", new Place(41.43, -81.73),
        "Riverton South industrial park", now, now.plus(Duration.ofDays(120)), "survivors");
    post(BUSINESS, Side.OFFER, Kind.TRANSPORT, "Van rides to appointments and court",
        "A driver and a seven-seat van on weekdays.", 30, "rides", new Place(41.43, -81.73),
        "Riverton South industrial park", now, soon);

    post(SHELTER, Side.NEED, Kind.GOODS, "Hygiene kits for new residents",
        "Residents often arrive with nothing.", 50, "kits", new Place(41.52, -81.70), "Riverton Central", now, soon,
        "survivors");
    post(SHELTER, Side.NEED, Kind.VOLUNTEERS, "Volunteers for evening activities",
        "Cooking, homework help and art in the evenings.", 4, "volunteers", new Place(41.52, -81.70),
        "Riverton Central", now, soon);
    post(SHELTER, Side.NEED, Kind.TRANSPORT, "Rides to court hearings",
        "Residents need safe rides to hearings downtown.", 12, "rides", new Place(41.52, -81.70), "Riverton Central",
        now, soon, "survivors");
    post(SHELTER, Side.NEED, Kind.JOBS, "Entry-level jobs for residents ready to work",
        "Residents finishing the programme look for steady work.", 3, "positions", new Place(41.52, -81.70),
        "Riverton Central", now, soon, "survivors");
    Posting room = post(ADVOCATES, Side.NEED, Kind.SPACE, "A room for a weekly support group",
        "A private room for twelve people, one evening a week.", 4, "evenings", new Place(41.48, -81.62),
        "Riverton East Bank", now, soon, "survivors");
    exchange.claim(admin(ADVOCATES), hall.id(), 4, room.id(), "demo-claim-hall", null);

    LocalDate today = LocalDate.now(clock);
    Training students = desk.publish(trainer(), new TrainingDraft("Recognising trafficking: for high-school students",
        "Interactive session on grooming, online recruitment and where to get help.",
        List.of(Audience.STUDENTS_HIGH, Audience.STUDENTS_MIDDLE), Format.IN_PERSON, List.of("en", "es"), 90,
        RIVERTON, 40, "Riverton metro", today, today.plusDays(270)), "demo-training-students", null, new Violations());
    desk.publish(trainer(), new TrainingDraft("Warning signs for teachers and staff",
        "How to spot and report signs of trafficking among students.", List.of(Audience.TEACHERS, Audience.STAFF),
        Format.HYBRID, List.of("en"), 120, RIVERTON, 60, "Riverton metro", today, today.plusDays(270)),
        "demo-training-staff", null, new Violations());
    desk.publish(trainer(), new TrainingDraft("Online safety evening for parents",
        "A virtual evening on online grooming and what parents can do.", List.of(Audience.PARENTS),
        Format.VIRTUAL, List.of("en", "es", "ti"), 60, RIVERTON, 30, "Online", today, today.plusDays(180)),
        "demo-training-parents", null, new Violations());
    desk.book(admin(SCHOOL), students.id(), new BookingDraft(List.of(today.plusDays(21), today.plusDays(28)),
        Audience.STUDENTS_HIGH, 120, Format.IN_PERSON, "Two grade-10 classes in the auditorium."),
        "demo-booking-lincoln", null, new Violations());
  }

  private Posting post(String organisation, Side side, Kind kind, String title, String description, long quantity,
                       String unit, Place place, String area, Instant start, Instant end, String... audience) {
    Draft draft = new Draft(kind, title, description, quantity, unit, place.latitude(), place.longitude(), area, 25,
        start, end, List.of(audience));
    return exchange.post(admin(organisation), side, draft, "demo-" + side + "-" + kind + "-" + organisation,
        null);
  }

  private static Caller admin(String organisation) {
    return new Caller("demo-seed", organisation, Set.of(Role.PARTNER_ADMIN), null);
  }

  private static Caller trainer() {
    return new Caller("demo-seed", TRAINERS, Set.of(Role.TRAINER, Role.PARTNER_ADMIN), null);
  }
}
