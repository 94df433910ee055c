package org.partnernet.resources.exchange;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks postings of the other side for one posting: the same kind, an overlapping window and the distance limit
 * are filters; closeness, how much of the looking side's window they cover, and how much of its quantity they
 * cover make the score.
 */
final class Matching {

  private static final double CLOSENESS = 0.4;
  private static final double OVERLAP = 0.3;
  private static final double COVERAGE = 0.3;

  private Matching() {}

  static List<Match> rank(Posting looking, List<Posting> candidates, double radiusKm, Instant now) {
    return candidates.stream()
        .filter(c -> c.kind() == looking.kind() && !c.poster().equals(looking.poster()) && c.isAvailable(now)
            && c.window().overlaps(looking.window()))
        .map(c -> score(looking, c, radiusKm))
        .filter(m -> m.distanceKm() <= radiusKm)
        .sorted(Comparator.comparingDouble(Match::score).reversed()
            .thenComparingDouble(Match::distanceKm)
            .thenComparing(m -> m.posting().id()))
        .toList();
  }

  /** Would {@code offer} show up in the need's own matches? (Decides who is notified of a new offer.) */
  static boolean fits(Posting need, Posting offer, Instant now) {
    return !rank(need, List.of(offer), need.radiusKm(), now).isEmpty();
  }

  private static Match score(Posting looking, Posting candidate, double radiusKm) {
    double distance = looking.location().distanceKm(candidate.location());
    double closeness = radiusKm <= 0 ? 0 : Math.max(0, 1 - distance / radiusKm);
    double overlap = looking.window().coveredBy(candidate.window());
    double coverage = looking.remaining() <= 0 ? 1 : Math.min(1, (double) candidate.remaining() / looking.remaining());
    double score = CLOSENESS * closeness + OVERLAP * overlap + COVERAGE * coverage;
    return new Match(candidate, round(distance), round(score), candidate.remaining() >= looking.remaining());
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
