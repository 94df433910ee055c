package org.partnernet.directory.search;

import java.util.List;
import org.partnernet.directory.partner.Eligibility;
import org.partnernet.directory.partner.GeoPoint;
import org.partnernet.directory.partner.PartnerKind;

/**
 * A validated search: free text, filters, an optional origin with radius, order and page.
 *
 * @param radiusKm 0 = no distance filter (an origin then only gives distances / distance order)
 */
public record SearchQuery(String text, List<String> taxonomy, PartnerKind partnerKind, GeoPoint origin, double radiusKm,
                          String language, Integer age, List<Eligibility.Population> populations, boolean hasCapacity,
                          boolean acceptingReferrals, Order order, int offset, int pageSize) {

  public enum Order { RELEVANCE, DISTANCE, CAPACITY_UPDATE_TIME }

  public SearchQuery {
    taxonomy = List.copyOf(taxonomy);
    populations = List.copyOf(populations);
  }

  /** Identifies the question regardless of the page, so a page token cannot be replayed against another query. */
  int fingerprint() {
    return java.util.Objects.hash(text, taxonomy, partnerKind, origin, radiusKm, language, age, populations, hasCapacity,
        acceptingReferrals, order, pageSize);
  }
}
