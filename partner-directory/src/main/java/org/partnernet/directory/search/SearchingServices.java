package org.partnernet.directory.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.partnernet.directory.partner.Eligibility;
import org.partnernet.directory.partner.GeoPoint;
import org.partnernet.directory.partner.PartnerKind;
import org.partnernet.directory.taxonomy.Taxonomy;
import org.partnernet.servicekit.error.Violations;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** Anyone signed in searches the services of ACTIVE partners. */
@Service
public class SearchingServices {

  public static final double MAX_RADIUS_KM = 500;
  static final int DEFAULT_PAGE = 20;
  static final int MAX_PAGE = 50;
  /** Deep paging is for crawlers; people refine the query. */
  static final int MAX_OFFSET = 1000;
  static final int TEXT_MAX = 200;

  private final SearchIndexer indexer;
  private final Taxonomy taxonomy;
  private final Clock clock;
  private final Duration capacityFreshFor;
  private final Timer searches;
  private final Counter found;
  private final Counter empty;

  SearchingServices(SearchIndexer indexer, Taxonomy taxonomy, MeterRegistry meters, Clock clock,
                    @Value("${partnernet.directory.capacity-fresh-for:PT24H}") Duration capacityFreshFor) {
    this.indexer = indexer;
    this.taxonomy = taxonomy;
    this.clock = clock;
    this.capacityFreshFor = capacityFreshFor;
    // no tags from the request: queries can contain personal details
    this.searches = Timer.builder("partnernet.directory.search").description("service searches")
        .publishPercentileHistogram().register(meters);
    this.found = searchCounter(meters, "some");
    this.empty = searchCounter(meters, "zero");
    Gauge.builder("partnernet.directory.capacity.stale.services", this, SearchingServices::staleCapacityServices)
        .description("searchable services whose capacity was last reported longer ago than capacity-fresh-for")
        .register(meters);
  }

  private static Counter searchCounter(MeterRegistry meters, String result) {
    return Counter.builder("partnernet.directory.searches")
        .description("service searches; result=zero shows gaps in the network's services")
        .tag("result", result).register(meters);
  }

  /** Counted in the index when scraped: a count query, no stored fields read. */
  private double staleCapacityServices() {
    try {
      return indexer.index().countCapacityReportedBefore(clock.instant().minus(capacityFreshFor));
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The request as it arrives, before validation. */
  public record Request(String text, List<String> taxonomy, PartnerKind partnerKind, Double lat, Double lng,
                        double radiusKm, String language, Integer age, List<Eligibility.Population> populations,
                        boolean hasCapacity, boolean acceptingReferrals, String orderBy, int pageSize,
                        String pageToken) {}

  public SearchResult search(Request r) {
    SearchQuery query = validate(r);
    return searches.record(() -> {
      try {
        SearchResult result = indexer.index().search(query);
        (result.total() == 0 ? empty : found).increment();
        return new SearchResult(result.hits(), result.total(), result.facets(),
            result.nextOffset() < 0 || result.nextOffset() > MAX_OFFSET ? -1 : result.nextOffset());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Page tokens name the offset and the query they belong to. */
  public static String pageToken(SearchResult result, SearchQuery query) {
    if (result.nextOffset() < 0) {
      return "";
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("s1:" + result.nextOffset() + ":" + query.fingerprint()).getBytes(StandardCharsets.UTF_8));
  }

  public String nextPageToken(Request r, SearchResult result) {
    return pageToken(result, validate(r));
  }

  SearchQuery validate(Request r) {
    Violations v = new Violations();
    v.maxLength(r.text(), TEXT_MAX, "query");
    v.check(r.taxonomy().size() <= 20, "taxonomy", "at most 20 codes");
    r.taxonomy().forEach(c -> v.check(taxonomy.contains(c), "taxonomy", "unknown code; see ListTaxonomyTerms"));
    v.check((r.lat() == null) == (r.lng() == null), "lat", "lat and lng go together");
    if (r.lat() != null) {
      v.latitude(r.lat(), "lat");
    }
    if (r.lng() != null) {
      v.longitude(r.lng(), "lng");
    }
    v.check(!Double.isNaN(r.radiusKm()) && r.radiusKm() >= 0 && r.radiusKm() <= MAX_RADIUS_KM, "radius_km",
        "must be between 0 and " + (int) MAX_RADIUS_KM);
    v.check(r.radiusKm() == 0 || r.lat() != null, "radius_km", "needs lat and lng");
    v.check(r.language() == null || r.language().isEmpty() || r.language().matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"),
        "language", "must be a BCP-47 language code such as en or ti");
    v.check(r.age() == null || (r.age() >= 0 && r.age() <= 130), "age", "must be 0-130");
    v.check(r.pageSize() >= 0, "page_size", "must not be negative");
    SearchQuery.Order order = switch (r.orderBy() == null ? "" : r.orderBy().trim()) {
      case "", "relevance" -> SearchQuery.Order.RELEVANCE;
      case "distance" -> SearchQuery.Order.DISTANCE;
      case "capacity_update_time", "capacity_update_time desc" -> SearchQuery.Order.CAPACITY_UPDATE_TIME;
      default -> {
        v.add("order_by", "must be relevance, distance or capacity_update_time");
        yield SearchQuery.Order.RELEVANCE;
      }
    };
    v.check(order != SearchQuery.Order.DISTANCE || r.lat() != null, "order_by", "distance needs lat and lng");
    v.throwIfAny();
    int pageSize = r.pageSize() == 0 ? DEFAULT_PAGE : Math.min(r.pageSize(), MAX_PAGE);
    GeoPoint origin = r.lat() == null ? null : new GeoPoint(r.lat(), r.lng());
    String text = r.text() == null || r.text().isBlank() ? null : r.text().trim();
    String language = r.language() == null || r.language().isEmpty() ? null : r.language();
    SearchQuery query = new SearchQuery(text, r.taxonomy(), r.partnerKind(), origin, r.radiusKm(), language, r.age(),
        r.populations(), r.hasCapacity(), r.acceptingReferrals(), order, 0, pageSize);
    int offset = offset(r.pageToken(), query.fingerprint());
    return new SearchQuery(text, r.taxonomy(), r.partnerKind(), origin, r.radiusKm(), language, r.age(),
        r.populations(), r.hasCapacity(), r.acceptingReferrals(), order, offset, pageSize);
  }

  private static int offset(String token, int fingerprint) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
      if (parts.length == 3 && parts[0].equals("s1") && Integer.parseInt(parts[2]) == fingerprint) {
        int offset = Integer.parseInt(parts[1]);
        if (offset >= 0 && offset <= MAX_OFFSET) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal
    }
    throw new Violations().add("page_token", "does not belong to this query; start again without it").toException();
  }
}
