package org.partnernet.directory.partner;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.partnernet.directory.system.ChangeLog;
import org.partnernet.servicekit.error.AlreadyExistsException;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Partners in MongoDB, one document each. The profile is stored as the domain record serialised by Jackson; the fields
 * queries need (status, kind, name key, next review) sit beside it. Capacity lives in its own map keyed by service id,
 * so that a shelter's frequent capacity reports never collide with its admin's profile edits (which are guarded by
 * version).
 */
@Repository
class MongoPartners implements Partners {

  static final String COLLECTION = "partners";

  private final MongoCollection<Document> partners;
  private final ChangeLog changes;
  private final JsonMapper json = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  MongoPartners(MongoDatabase database, ChangeLog changes) {
    this.partners = database.getCollection(COLLECTION);
    this.changes = changes;
    partners.createIndex(Indexes.ascending("status", "nameKey"));
    partners.createIndex(Indexes.ascending("nameKey"));
    partners.createIndex(Indexes.ascending("nextReviewTime"));
  }

  @Override
  public Optional<Partner> find(String id) {
    return Optional.ofNullable(partners.find(Filters.eq("_id", id)).first()).map(this::toPartner);
  }

  @Override
  public void insert(Partner partner) {
    long seq = changes.next();
    try {
      partners.insertOne(toDocument(partner).append("seq", seq).append("capacity", capacities(partner)));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        throw new AlreadyExistsException("PARTNER_EXISTS", "a partner with this id is already registered");
      }
      throw e;
    } finally {
      changes.record(seq, partner.id());
    }
  }

  @Override
  public boolean replace(Partner updated, long expectedVersion) {
    long seq = changes.next();
    try {
      List<Bson> sets = new ArrayList<>();
      toDocument(updated).forEach((k, v) -> {
        if (!"_id".equals(k)) {
          sets.add(Updates.set(k, v));
        }
      });
      sets.add(Updates.set("seq", seq));
      return partners.updateOne(Filters.and(Filters.eq("_id", updated.id()), Filters.eq("version", expectedVersion)),
          Updates.combine(sets)).getMatchedCount() == 1;
    } finally {
      // recorded even when nothing changed: the sequence must not have holes other replicas wait for
      changes.record(seq, updated.id());
    }
  }

  @Override
  public Optional<Capacity> reportCapacity(String partnerId, String serviceId, Capacity capacity) {
    long seq = changes.next();
    try {
      long matched = partners.updateOne(
          Filters.and(Filters.eq("_id", partnerId), Filters.eq("profile.services.id", serviceId)),
          Updates.combine(Updates.set("capacity." + serviceId, toMap(capacity)), Updates.set("seq", seq)))
          .getMatchedCount();
      return matched == 1 ? Optional.of(capacity) : Optional.empty();
    } finally {
      changes.record(seq, partnerId);
    }
  }

  @Override
  public List<Partner> list(Filter filter, String visibleToOrganisation, int offset, int limit) {
    List<Bson> where = new ArrayList<>();
    if (filter.status() != null) {
      where.add(Filters.eq("status", filter.status().name()));
    } else {
      // archived partners have left the network: listed only when asked for by status
      where.add(Filters.ne("status", PartnerStatus.ARCHIVED.name()));
    }
    if (filter.kind() != null) {
      where.add(Filters.eq("kind", filter.kind().name()));
    }
    if (filter.reviewDueAt() != null) {
      where.add(Filters.lte("nextReviewTime", Date.from(filter.reviewDueAt())));
    }
    if (visibleToOrganisation != null) {
      where.add(Filters.or(Filters.eq("status", PartnerStatus.ACTIVE.name()), Filters.eq("_id", visibleToOrganisation)));
    }
    Bson query = where.isEmpty() ? new Document() : Filters.and(where);
    List<Partner> page = new ArrayList<>();
    partners.find(query).sort(Sorts.ascending("nameKey", "_id")).skip(offset).limit(limit)
        .forEach(d -> page.add(toPartner(d)));
    return page;
  }

  @Override
  public List<Partner> afterId(String afterId, boolean activeOnly, int limit) {
    Bson query = Filters.gt("_id", afterId);
    if (activeOnly) {
      query = Filters.and(query, Filters.eq("status", PartnerStatus.ACTIVE.name()));
    }
    List<Partner> page = new ArrayList<>();
    partners.find(query).sort(Sorts.ascending("_id")).limit(limit).forEach(d -> page.add(toPartner(d)));
    return page;
  }

  @Override
  public List<String> lastWrittenWithin(long from, long to) {
    List<String> ids = new ArrayList<>();
    partners.find(Filters.and(Filters.gte("seq", from), Filters.lte("seq", to)))
        .projection(new Document("_id", 1)).forEach(d -> ids.add(d.getString("_id")));
    return ids;
  }

  @Override
  public long count() {
    return partners.countDocuments();
  }

  private Document toDocument(Partner partner) {
    Map<String, Object> map = toMap(partner);
    @SuppressWarnings("unchecked")
    Map<String, Object> profile = (Map<String, Object>) map.get("profile");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> services = (List<Map<String, Object>>) profile.get("services");
    services.forEach(s -> s.remove("capacity"));
    Document document = new Document("_id", partner.id());
    document.putAll(map);
    document.remove("id");
    document.remove("active");
    document.put("version", partner.version());
    document.put("nameKey", partner.name().toLowerCase(Locale.ROOT));
    document.put("kind", partner.profile().kind() == null ? null : partner.profile().kind().name());
    document.put("nextReviewTime", partner.verification() == null ? null
        : Date.from(partner.verification().nextReviewTime()));
    return document;
  }

  private Map<String, Object> capacities(Partner partner) {
    Map<String, Object> byService = new HashMap<>();
    partner.services().forEach(s -> {
      if (s.capacity() != null) {
        byService.put(s.id(), toMap(s.capacity()));
      }
    });
    return byService;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> toMap(Object value) {
    return json.convertValue(value, Map.class);
  }

  private Partner toPartner(Document document) {
    Map<String, Object> map = new HashMap<>(document);
    map.put("id", document.getString("_id"));
    Object capacity = map.remove("capacity");
    for (String internal : List.of("_id", "seq", "nameKey", "kind", "nextReviewTime")) {
      map.remove(internal);
    }
    Partner partner = json.convertValue(map, Partner.class);
    if (capacity instanceof Map<?, ?> byService && !byService.isEmpty()) {
      List<Service> services = partner.services().stream().map(s -> {
        Object c = byService.get(s.id());
        return c == null ? s : s.withCapacity(json.convertValue(c, Capacity.class));
      }).toList();
      partner = new Partner(partner.id(), partner.networkId(), partner.profile().withServices(services),
          partner.status(), partner.statusReason(), partner.verification(), partner.registrantUserId(),
          partner.version(), partner.createTime(), partner.updateTime());
    }
    return partner;
  }
}
