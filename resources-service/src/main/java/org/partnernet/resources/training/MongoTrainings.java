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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.partnernet.resources.geo.Place;
import org.partnernet.resources.store.MongoFilters;

/** Trainings, one document each; dates as ISO-8601 strings (they sort and compare as dates). */
public final class MongoTrainings implements Trainings {

  private final MongoCollection<Document> collection;

  public MongoTrainings(MongoDatabase database) {
    this.collection = database.getCollection("trainings");
    collection.createIndex(Indexes.ascending("trainer", "requestId"), new IndexOptions().unique(true));
    collection.createIndex(Indexes.ascending("audiences", "availableUntil"));
    collection.createIndex(Indexes.ascending("lat"));
  }

  @Override
  public Training insertOnce(Training training) {
    try {
      collection.insertOne(toDocument(training));
      return training;
    } catch (MongoWriteException e) {
      if (!MongoFilters.isDuplicateKey(e)) {
        throw e;
      }
      Document first = collection.find(Filters.and(Filters.eq("trainer", training.trainer()),
          Filters.eq("requestId", training.requestId()))).first();
      if (first == null) {
        throw e;
      }
      return fromDocument(first);
    }
  }

  @Override
  public Optional<Training> find(String id) {
    return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first()).map(MongoTrainings::fromDocument);
  }

  @Override
  public List<Training> search(Audience audience, String language, List<Format> formats, LocalDate date,
                               LocalDate bookableFrom, Place near, double radiusKm, int limit) {
    List<Bson> parts = new ArrayList<>();
    parts.add(Filters.gte("availableUntil", bookableFrom.toString()));
    if (audience != null) {
      parts.add(Filters.eq("audiences", audience.name()));
    }
    if (language != null) {
      parts.add(Filters.eq("languages", language));
    }
    if (formats != null && !formats.isEmpty()) {
      parts.add(Filters.in("format", formats.stream().map(Enum::name).toList()));
    }
    if (date != null) {
      parts.add(Filters.lte("availableFrom", date.toString()));
      parts.add(Filters.gte("availableUntil", date.toString()));
    }
    if (near != null) {
      parts.add(Filters.or(Filters.eq("format", Format.VIRTUAL.name()), MongoFilters.within(near, radiusKm)));
    }
    return collection.find(Filters.and(parts)).sort(Sorts.descending("_id")).limit(limit)
        .map(MongoTrainings::fromDocument).into(new ArrayList<>());
  }

  @Override
  public void addRating(String id, int rating) {
    collection.updateOne(Filters.eq("_id", id),
        Updates.combine(Updates.inc("ratingSum", (long) rating), Updates.inc("ratingCount", 1)));
  }

  @Override
  public long count() {
    return collection.countDocuments();
  }

  private static Document toDocument(Training t) {
    return new Document("_id", t.id())
        .append("networkId", t.networkId())
        .append("trainer", t.trainer())
        .append("title", t.title())
        .append("description", t.description())
        .append("audiences", t.audiences().stream().map(Enum::name).toList())
        .append("format", t.format().name())
        .append("languages", t.languages())
        .append("durationMinutes", t.durationMinutes())
        .append("lat", t.areaCenter().latitude())
        .append("lng", t.areaCenter().longitude())
        .append("areaRadiusKm", t.areaRadiusKm())
        .append("area", t.area())
        .append("availableFrom", t.availableFrom().toString())
        .append("availableUntil", t.availableUntil().toString())
        .append("ratingSum", t.ratingSum())
        .append("ratingCount", t.ratingCount())
        .append("requestId", t.requestId())
        .append("requestHash", t.requestHash())
        .append("createTime", date(t.createTime()));
  }

  private static Training fromDocument(Document d) {
    return new Training(d.getString("_id"), d.getString("networkId"), d.getString("trainer"), d.getString("title"),
        d.getString("description"),
        d.getList("audiences", String.class, List.of()).stream().map(Audience::valueOf).toList(),
        Format.valueOf(d.getString("format")), d.getList("languages", String.class, List.of()),
        ((Number) d.get("durationMinutes")).intValue(), new Place(d.getDouble("lat"), d.getDouble("lng")),
        d.getDouble("areaRadiusKm"), d.getString("area"), LocalDate.parse(d.getString("availableFrom")),
        LocalDate.parse(d.getString("availableUntil")), ((Number) d.get("ratingSum")).longValue(),
        ((Number) d.get("ratingCount")).intValue(), d.getString("requestId"), instant(d.getDate("createTime")),
        d.getString("requestHash"));
  }
}
