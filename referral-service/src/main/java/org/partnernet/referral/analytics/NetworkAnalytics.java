package org.partnernet.referral.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.partnernet.referral.capacity.CapacityChecks;
import org.partnernet.referral.lifecycle.ReferralState;
import org.partnernet.referral.lifecycle.Referrals;
import org.partnernet.referral.lifecycle.Urgency;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.PermissionDeniedException;

/**
 * The network's aggregates for coordinators. Nothing here names a client or a referral, and every figure that
 * could point at fewer than {@value #SUPPRESS_BELOW} referrals is suppressed before it leaves this class, so no
 * caller of it can forget to.
 */
public class NetworkAnalytics {

  static final int SUPPRESS_BELOW = 5;
  private static final int TOP = 20;

  private final Referrals referrals;
  private final CapacityChecks capacityChecks;

  public NetworkAnalytics(Referrals referrals, CapacityChecks capacityChecks) {
    this.referrals = referrals;
    this.capacityChecks = capacityChecks;
  }

  /** A count as shown: 1 to 4 becomes "<5" (suppressed, count 0). */
  public record Tally(long count, boolean suppressed) {
    static Tally of(long count) {
      return count > 0 && count < SUPPRESS_BELOW ? new Tally(0, true) : new Tally(count, false);
    }

    long shown() {
      return suppressed ? 0 : count;
    }
  }

  public record StateUrgency(ReferralState state, Urgency urgency, Tally tally) {}

  /** Median and p90 are null when fewer than {@value #SUPPRESS_BELOW} referrals were accepted. */
  public record AcceptTimes(String recipientPartner, Tally accepted, Duration median, Duration p90) {}

  public record ReasonCount(String reason, long count) {}

  public record UnmetNeed(String service, Tally declinedOrExpired, Tally noCapacityAnswers) {}

  public record Report(List<StateUrgency> counts, Tally total, List<AcceptTimes> timeToAccept,
                       List<ReasonCount> declineReasons, Tally otherDeclineReasons, List<UnmetNeed> unmetNeeds) {}

  /** Referrals (and capacity checks) created in [from, to); either bound may be null. */
  public Report report(Caller caller, Instant from, Instant to) {
    if (!caller.hasRole(Role.COORDINATOR)) {
      throw new PermissionDeniedException("COORDINATOR_ONLY", "only coordinators see network aggregates");
    }
    List<StateUrgency> counts = new ArrayList<>();
    long total = 0;
    for (Referrals.Count count : referrals.countByStateAndUrgency(from, to).stream()
        .sorted(Comparator.comparing(Referrals.Count::state).thenComparing(Referrals.Count::urgency)).toList()) {
      total += count.count();
      counts.add(new StateUrgency(count.state(), count.urgency(), Tally.of(count.count())));
    }
    List<ReasonCount> reasons = new ArrayList<>();
    long otherReasons = 0;
    for (Map.Entry<String, Long> reason : declineReasons(from, to)) {
      if (reason.getValue() >= SUPPRESS_BELOW && reasons.size() < TOP) {
        reasons.add(new ReasonCount(reason.getKey(), reason.getValue()));
      } else {
        otherReasons += reason.getValue();
      }
    }
    return new Report(counts, Tally.of(total), timeToAccept(from, to), reasons, Tally.of(otherReasons),
        unmetNeeds(from, to));
  }

  private List<AcceptTimes> timeToAccept(Instant from, Instant to) {
    Map<String, List<Duration>> byRecipient = new TreeMap<>();
    for (Referrals.Acceptance acceptance : referrals.acceptances(from, to)) {
      byRecipient.computeIfAbsent(acceptance.recipientPartner(), k -> new ArrayList<>())
          .add(acceptance.timeToAccept());
    }
    List<AcceptTimes> rows = new ArrayList<>();
    byRecipient.forEach((recipient, times) -> {
      times.sort(Comparator.naturalOrder());
      boolean enough = times.size() >= SUPPRESS_BELOW;
      rows.add(new AcceptTimes(recipient, Tally.of(times.size()), enough ? nearestRank(times, 50) : null,
          enough ? nearestRank(times, 90) : null));
    });
    return rows;
  }

  /** The nearest-rank percentile of sorted values: an actual observation, never an interpolation. */
  static Duration nearestRank(List<Duration> sorted, int percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  /** Counts per normalised reason, most frequent first (ties by text, so the order says nothing more). */
  private List<Map.Entry<String, Long>> declineReasons(Instant from, Instant to) {
    Map<String, Long> counts = new HashMap<>();
    for (String reason : referrals.declineReasons(from, to)) {
      counts.merge(normalise(reason), 1L, Long::sum);
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .toList();
  }

  /** "  No beds. " and "no  beds" are one reason. */
  static String normalise(String reason) {
    String text = reason.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    while (text.endsWith(".")) {
      text = text.substring(0, text.length() - 1).stripTrailing();
    }
    return text;
  }

  private List<UnmetNeed> unmetNeeds(Instant from, Instant to) {
    Map<String, Long> declined = countEach(referrals.servicesDeclinedOrExpired(from, to));
    Map<String, Long> noCapacity = countEach(capacityChecks.needsAnsweredNoCapacity(from, to));
    LinkedHashSet<String> services = new LinkedHashSet<>(declined.keySet());
    services.addAll(noCapacity.keySet());
    return services.stream()
        .map(s -> new UnmetNeed(s, Tally.of(declined.getOrDefault(s, 0L)), Tally.of(noCapacity.getOrDefault(s, 0L))))
        // by what is shown, so the order cannot tell two suppressed counts apart
        .sorted(Comparator.comparingLong((UnmetNeed u) -> u.declinedOrExpired().shown() + u.noCapacityAnswers().shown())
            .reversed().thenComparing(UnmetNeed::service))
        .limit(TOP)
        .toList();
  }

  /** How many of the lists name each code (a code repeated in one list counts once). */
  private static Map<String, Long> countEach(List<List<String>> lists) {
    Map<String, Long> counts = new HashMap<>();
    for (List<String> codes : lists) {
      for (String code : new LinkedHashSet<>(codes)) {
        counts.merge(code, 1L, Long::sum);
      }
    }
    return counts;
  }
}
