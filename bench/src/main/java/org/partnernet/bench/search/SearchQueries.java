package org.partnernet.bench.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.partnernet.directory.partner.GeoPoint;
import org.partnernet.directory.search.SearchQuery;

/**
 * The searches a caseworker makes, as DESIGN.md §6 names them: free text, taxonomy codes, a radius around a place and
 * "has capacity now", every one of the four in every query. The words rotate through spellings the index must bridge
 * (synonyms such as "lawyer" for legal aid, typos such as "sheltr" that only the fuzzy second pass finds, words found
 * nowhere), the codes through one to three leaves and top-level terms, the places through the region's towns and the
 * countryside between them with 10 to 50 km radii; a few also ask for a language or the nearest first.
 */
public final class SearchQueries {

  /** What a caseworker types, and the taxonomy codes they tick with it. */
  private record Need(String text, List<String> codes) {}

  private static final List<Need> NEEDS = List.of(
      new Need("bed tonight", List.of("housing.emergency-shelter")),
      new Need("safe house", List.of("housing")),
      new Need("sheltr", List.of("housing.emergency-shelter", "housing.transitional")),
      new Need("emergency housing women", List.of("housing")),
      new Need("supported apartment", List.of("housing.transitional")),
      new Need("lawyer", List.of("legal")),
      new Need("t visa", List.of("legal.immigration")),
      new Need("imigration lawyer", List.of("legal.immigration", "legal")),
      new Need("unpaid wages", List.of("legal.civil", "employment.placement")),
      new Need("record clearing", List.of("legal.criminal")),
      new Need("counseling", List.of("health.trauma-counselling")),
      new Need("trauma therapy", List.of("health")),
      new Need("councelling", List.of("health.trauma-counselling", "health")),
      new Need("detox", List.of("health.substance-use")),
      new Need("clinic", List.of("health.medical", "health")),
      new Need("interpreter", List.of("interpretation")),
      new Need("interpeter spanish", List.of("interpretation", "legal.immigration")),
      new Need("caseworker", List.of("case-management")),
      new Need("job training", List.of("employment.training", "employment")),
      new Need("english class", List.of("education")),
      new Need("daycare", List.of("child-care")),
      new Need("ride to court", List.of("transport", "legal")),
      new Need("hygiene kits clothes", List.of("goods")),
      new Need("psychiatrist", List.of("health.trauma-counselling")));
  private static final double[] RADII_KM = {10, 25, 25, 50};
  private static final String[] LANGUAGES = {"es", "ar", "uk"};

  private final List<SearchQuery> queries;
  private int next;

  /** {@code count} queries made from the seed; the same seed gives the same queries in the same order. */
  public SearchQueries(long seed, int count) {
    Random random = new Random(seed);
    List<SearchQuery> made = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Need need = NEEDS.get(i % NEEDS.size());
      GeoPoint origin = origin(random);
      String language = random.nextInt(8) == 0 ? LANGUAGES[random.nextInt(LANGUAGES.length)] : null;
      SearchQuery.Order order = random.nextInt(4) == 0 ? SearchQuery.Order.DISTANCE : SearchQuery.Order.RELEVANCE;
      made.add(new SearchQuery(need.text(), need.codes(), null, origin, RADII_KM[random.nextInt(RADII_KM.length)],
          language, null, List.of(), true, random.nextInt(3) != 0, order, 0, 20));
    }
    this.queries = List.copyOf(made);
  }

  /** The next query of the rotation (not thread-safe: one searching thread per instance). */
  public SearchQuery next() {
    SearchQuery query = queries.get(next);
    next = (next + 1) % queries.size();
    return query;
  }

  public int size() {
    return queries.size();
  }

  /** Mostly a town (where most partners and most caseworkers are), sometimes the countryside between them. */
  private static GeoPoint origin(Random random) {
    if (random.nextInt(5) == 0) {
      double north = SyntheticNetwork.NORTH;
      double south = SyntheticNetwork.SOUTH;
      double west = SyntheticNetwork.WEST;
      double east = SyntheticNetwork.EAST;
      return new GeoPoint(south + random.nextDouble() * (north - south), west + random.nextDouble() * (east - west));
    }
    SyntheticNetwork.Town town = SyntheticNetwork.TOWNS.get(random.nextInt(SyntheticNetwork.TOWNS.size()));
    return new GeoPoint(town.latitude() + (random.nextDouble() - 0.5) * 0.1,
        town.longitude() + (random.nextDouble() - 0.5) * 0.1);
  }
}
