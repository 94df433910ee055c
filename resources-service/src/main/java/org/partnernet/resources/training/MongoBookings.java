package org.partnernet.resources.training;

import static org.partnernet.resources.store.MongoFilters.date;
import static org.partnernet.resources.store.MongoFilters.instant;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.partnernet.resources.store.MongoFilters;

/** Bookings, one document each. */
public final class MongoBookings implements Bookings {

  private final MongoCollection<Document> collection;

  public MongoBookings(MongoDatabase database) {
    this.collection = database.getCollection("bookings");
    collection.createIndex(Indexes.ascending("school", "requestId"), new IndexOptions().unique(true));
    collection.createIndex(Indexes.ascending("trainer"));
    collection.createIndex(Indexes.ascending("training"));
  }

  @Override
  public Booking insertOnce(Booking booking) {
    try {
      collection.insertOne(toDocument(booking));
      return booking;
    } catch (MongoWriteException e) {
      if (!MongoFilters.isDuplicateKey(e)) {
        throw e;
      }
      Document first = collection.find(Filters.and(Filters.eq("school", booking.school()),
          Filters.eq("requestId", booking.requestId()))).first();
      if (first == null) {
        throw e;
      }
      return fromDocument(first);
    }
  }

  @Override
  public Optional<Booking> find(String id) {
    return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first()).map(MongoBookings::fromDocument);
  }

  @Override
  public List<Booking> of(String organisation, String training, BookingStatus status, String afterId, int limit) {
    List<Bson> parts = new ArrayList<>();
    parts.add(Filters.or(Filters.eq("school", organisation), Filters.eq("trainer", organisation)));
    if (training != null) {
      parts.add(Filters.eq("training", training));
    }
    if (status != null) {
      parts.add(Filters.eq("status", status.name()));
    }
    if (afterId != null) {
      parts.add(Filters.lt("_id", afterId));
    }
    return collection.find(Filters.and(parts)).sort(Sorts.descending("_id")).limit(limit)
        .map(MongoBookings::fromDocument).into(new ArrayList<>());
  }

  @Override
  public boolean confirm(String id, LocalDate day, String requestId, Instant now) {
    return move(id, BookingStatus.REQUESTED, Updates.combine(
        Updates.set("status", BookingStatus.CONFIRMED.name()),
        Updates.set("confirmedDate", day.toString()),
        Updates.set("answerRequestId", requestId),
        Updates.set("updateTime", date(now))));
  }

  @Override
  public boolean decline(String id, String reason, String requestId, Instant now) {
    return move(id, BookingStatus.REQUESTED, Updates.combine(
        Updates.set("status", BookingStatus.DECLINED.name()),
        Updates.set("declineReason", reason),
        Updates.set("answerRequestId", requestId),
        Updates.set("updateTime", date(now))));
  }

  @Override
  public boolean complete(String id, Booking.Feedback feedback, String requestId, Instant now) {
    return move(id, BookingStatus.CONFIRMED, Updates.combine(
        Updates.set("status", BookingStatus.COMPLETED.name()),
        Updates.set("feedback", new Document("attendance", feedback.attendance())
            .append("rating", feedback.rating())
            .append("comment", feedback.comment())
            .append("recordTime", date(feedback.recordTime()))),
        Updates.set("feedbackRequestId", requestId),
        Updates.set("updateTime", date(now))));
  }

  private boolean move(String id, BookingStatus from, Bson update) {
    return collection.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", from.name())), update)
        .getModifiedCount() == 1;
  }

  private static Document toDocument(Booking b) {
    return new Document("_id", b.id())
        .append("training", b.training())
        .append("trainer", b.trainer())
        .append("school", b.school())
        .append("preferredDates", b.preferredDates().stream().map(LocalDate::toString).toList())
        .append("audience", b.audience().name())
        .append("expectedParticipants", b.expectedParticipants())
        .append("format", b.format().name())
        .append("note", b.note())
        .append("status", b.status().name())
        .append("requestId", b.requestId())
        .append("requestHash", b.requestHash())
        .append("createTime", date(b.createTime()))
        .append("updateTime", date(b.updateTime()));
  }

  private static Booking fromDocument(Document d) {
    Document f = d.get("feedback", Document.class);
    Booking.Feedback feedback = f == null ? null : new Booking.Feedback(f.getInteger("attendance"),
        f.getInteger("rating"), f.getString("comment"), instant(f.getDate("recordTime")));
    String confirmed = d.getString("confirmedDate");
    return new Booking(d.getString("_id"), d.getString("training"), d.getString("trainer"), d.getString("school"),
        d.getList("preferredDates", String.class, List.of()).stream().map(LocalDate::parse).toList(),
        Audience.valueOf(d.getString("audience")), d.getInteger("expectedParticipants", 0),
        Format.valueOf(d.getString("format")), d.getString("note"), BookingStatus.valueOf(d.getString("status")),
        confirmed == null ? null : LocalDate.parse(confirmed), d.getString("declineReason"), feedback,
        d.getString("requestId"), d.getString("answerRequestId"), d.getString("feedbackRequestId"),
        instant(d.getDate("createTime")), instant(d.getDate("updateTime")), d.getString("requestHash"));
  }
}
