package org.partnernet.bench.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.partnernet.directory.partner.Address;
import org.partnernet.directory.partner.Capacity;
import org.partnernet.directory.partner.Eligibility;
import org.partnernet.directory.partner.GeoPoint;
import org.partnernet.directory.partner.Location;
import org.partnernet.directory.partner.Partner;
import org.partnernet.directory.partner.PartnerKind;
import org.partnernet.directory.partner.Profile;
import org.partnernet.directory.partner.ReferralIntake;
import org.partnernet.directory.partner.Service;

/**
 * A coalition's directory made up from a seed: the same seed and size give the same partners, services, places and
 * capacities on every run, so figures from two runs differ by the code and the machine, not by the data.
 *
 * <p>Its shape follows a regional network: partners cluster around a few towns (most of them in the largest) with
 * some spread over the countryside; each offers one to nine services (five on average) coded in the directory's own
 * taxonomy after what kind of organisation it is; a fifth of the shelters have a confidential address; services speak
 * English and often a community language; beds and appointments carry capacities reported within the last three days.
 * Partners are handed out one at a time, so a million services never sit in memory as objects.
 */
public final class SyntheticNetwork {

  /** The towns of the region: centre and share of the partners (the rest are spread over the whole region). */
  record Town(String name, double latitude, double longitude, double share) {}

  static final List<Town> TOWNS = List.of(
      new Town("Riverton", 41.50, -81.69, 0.34),
      new Town("Lakeside", 41.08, -81.52, 0.16),
      new Town("Millbrook", 41.66, -83.56, 0.12),
      new Town("Harbor City", 41.24, -82.62, 0.08),
      new Town("Oakdale", 40.80, -81.38, 0.08),
      new Town("Fairview", 41.10, -80.65, 0.07),
      new Town("Glenwood", 40.99, -82.40, 0.05));
  /** The region spans about 250 km east to west and 120 km north to south. */
  static final double SOUTH = 40.6;
  static final double NORTH = 41.7;
  static final double WEST = -83.7;
  static final double EAST = -80.6;

  /** Capacities are reported up to this long before it; fixed so that the data does not depend on the clock. */
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static final Map<PartnerKind, List<String>> CODES_BY_KIND = Map.of(
      PartnerKind.SHELTER, List.of("housing.emergency-shelter", "housing.transitional", "case-management",
          "child-care", "goods"),
      PartnerKind.NGO, List.of("case-management", "interpretation", "employment.training", "employment.placement",
          "education", "transport", "goods", "training.awareness", "housing.transitional"),
      PartnerKind.LEGAL, List.of("legal.immigration", "legal.criminal", "legal.civil", "legal", "interpretation"),
      PartnerKind.HEALTHCARE, List.of("health.medical", "health.trauma-counselling", "health.substance-use",
          "interpretation"),
      PartnerKind.FAITH_BASED, List.of("goods", "volunteers", "space", "housing.emergency-shelter", "transport",
          "education"),
      PartnerKind.SCHOOL, List.of("education", "training.awareness", "child-care", "space"),
      PartnerKind.BUSINESS, List.of("employment.placement", "employment.training", "goods", "space", "transport"),
      PartnerKind.GOVERNMENT, List.of("case-management", "legal", "health.medical", "transport", "education"),
      PartnerKind.LAW_ENFORCEMENT, List.of("case-management", "training.awareness", "legal.criminal"));
  /** Share of partners by kind, in the order of {@link #KINDS}. */
  private static final PartnerKind[] KINDS = {PartnerKind.NGO, PartnerKind.SHELTER, PartnerKind.FAITH_BASED,
      PartnerKind.HEALTHCARE, PartnerKind.LEGAL, PartnerKind.BUSINESS, PartnerKind.SCHOOL, PartnerKind.GOVERNMENT,
      PartnerKind.LAW_ENFORCEMENT};
  private static final double[] KIND_SHARES = {0.30, 0.16, 0.14, 0.12, 0.10, 0.07, 0.05, 0.04, 0.02};

  private static final Map<String, List<String>> SERVICE_NAMES = Map.ofEntries(
      Map.entry("housing.emergency-shelter", List.of("Emergency shelter", "Safe house", "Night shelter",
          "Crisis beds")),
      Map.entry("housing.transitional", List.of("Transitional housing", "Supported apartments",
          "Second-stage housing")),
      Map.entry("case-management", List.of("Case management", "Survivor advocacy", "Caseworker support")),
      Map.entry("child-care", List.of("Child care", "Kids' corner", "Daycare for families in services")),
      Map.entry("goods", List.of("Clothing bank", "Food pantry", "Hygiene kits", "Furniture for new homes")),
      Map.entry("interpretation", List.of("Interpreters", "Phone interpretation", "Document translation")),
      Map.entry("employment.training", List.of("Job training", "Skills courses", "Apprenticeships")),
      Map.entry("employment.placement", List.of("Job placement", "Hiring programme", "Work placements")),
      Map.entry("education", List.of("English classes", "GED preparation", "Literacy classes")),
      Map.entry("transport", List.of("Safe rides", "Bus passes", "Court transport")),
      Map.entry("training.awareness", List.of("Awareness workshops", "Trafficking prevention training",
          "Staff training")),
      Map.entry("legal.immigration", List.of("Immigration legal help", "T-visa applications", "Asylum clinic")),
      Map.entry("legal.criminal", List.of("Victim-witness support", "Vacatur and record clearing")),
      Map.entry("legal.civil", List.of("Wage claims", "Protection orders", "Family law clinic")),
      Map.entry("legal", List.of("Legal advice line", "Pro bono lawyers")),
      Map.entry("health.medical", List.of("Medical clinic", "Sexual health clinic", "Street medicine")),
      Map.entry("health.trauma-counselling", List.of("Trauma counselling", "Therapy for survivors",
          "Support groups")),
      Map.entry("health.substance-use", List.of("Detox", "Recovery programme", "Outpatient addiction care")),
      Map.entry("volunteers", List.of("Volunteer mentors", "Befriending")),
      Map.entry("space", List.of("Meeting rooms", "Hall for trainings", "Storage space")));

  private static final String[] NAME_WORDS = {"Harbor", "Bridge", "Hope", "New Day", "Open Door", "Lantern",
      "Safe Haven", "Compass", "Crossroads", "Beacon", "Anchor", "Northstar", "Unity", "Good Shepherd", "Willow",
      "Cedar", "Horizon", "Common Ground", "Kinship", "Pathways"};
  private static final String[] NAME_KINDS = {"House", "Alliance", "Center", "Project", "Network", "Collective",
      "Services", "Partners", "Trust", "Coalition"};
  /** Community languages besides English, most spoken first. */
  private static final String[] LANGUAGES = {"es", "ar", "uk", "zh", "vi", "fr", "so", "ti", "pt", "ne", "hi", "ru"};

  private final long seed;

  public SyntheticNetwork(long seed) {
    this.seed = seed;
  }

  /** Hands out ACTIVE partners until they offer {@code services} services in all (the last one trimmed to fit). */
  public void forEachPartner(int services, Consumer<Partner> sink) {
    Random random = new Random(seed);
    int made = 0;
    for (int p = 0; made < services; p++) {
      int count = Math.min(services - made, 1 + binomial(random, 8, 0.5));
      sink.accept(partner(random, p, count));
      made += count;
    }
  }

  private static Partner partner(Random random, int index, int serviceCount) {
    PartnerKind kind = pick(random, KINDS, KIND_SHARES);
    String partnerId = String.format("p%07d", index);
    GeoPoint home = place(random);
    boolean confidential = kind == PartnerKind.SHELTER && random.nextInt(5) == 0;
    List<Location> locations = new ArrayList<>();
    int locationCount = random.nextInt(10) < 8 ? 1 : 2 + random.nextInt(2);
    for (int l = 0; l < locationCount; l++) {
      GeoPoint point = l == 0 ? home : near(random, home, 0.08);
      locations.add(new Location(partnerId + "-l" + l, l == 0 ? "Main site" : "Site " + (l + 1),
          new Address(List.of((1 + random.nextInt(900)) + " Main St"), nearestTown(point).name(), "RG",
              String.valueOf(44000 + random.nextInt(900)), "US"),
          point, confidential, false));
    }
    List<String> partnerLanguages = languages(random);
    List<Service> services = new ArrayList<>();
    List<String> codes = CODES_BY_KIND.get(kind);
    for (int s = 0; s < serviceCount; s++) {
      services.add(service(random, partnerId + "-s" + s, codes, locations, partnerLanguages));
    }
    String name = NAME_WORDS[random.nextInt(NAME_WORDS.length)] + " " + NAME_KINDS[random.nextInt(NAME_KINDS.length)]
        + " " + nearestTown(home).name();
    Profile profile = new Profile(name, List.of(), kind,
        name + " works with survivors of trafficking and exploitation in the region.", null, null, List.of(),
        new ReferralIntake(kind == PartnerKind.SHELTER, List.of(), null), locations, services, List.of(),
        partnerLanguages);
    Instant registered = NOW.minus(Duration.ofDays(30 + random.nextInt(700)));
    return Partner.registered(partnerId, "bench", profile, null, registered).approvedBy("bench", registered);
  }

  private static Service service(Random random, String id, List<String> kindCodes, List<Location> locations,
                                 List<String> partnerLanguages) {
    String code = kindCodes.get(random.nextInt(kindCodes.size()));
    List<String> codes = random.nextInt(4) == 0
        ? List.of(code, kindCodes.get(random.nextInt(kindCodes.size()))).stream().distinct().toList()
        : List.of(code);
    List<String> names = SERVICE_NAMES.get(code);
    String name = names.get(random.nextInt(names.size()));
    boolean beds = code.startsWith("housing");
    Capacity capacity = null;
    if (beds || random.nextInt(3) == 0) {
      int total = beds ? 4 + random.nextInt(60) : 5 + random.nextInt(30);
      int available = random.nextInt(3) == 0 ? 0 : random.nextInt(Math.max(1, total / 3) + 1);
      Capacity.Status status = available > 0 ? Capacity.Status.AVAILABLE
          : random.nextBoolean() ? Capacity.Status.WAITLIST : Capacity.Status.NO_CAPACITY;
      capacity = new Capacity(beds ? "beds" : "appointments", total, available,
          status == Capacity.Status.WAITLIST ? 1 + random.nextInt(10) : 0, status,
          NOW.minus(Duration.ofMinutes(random.nextInt(72 * 60))));
    }
    int age = random.nextInt(10);
    Eligibility eligibility = new Eligibility(age < 6 ? Integer.valueOf(18) : age < 7 ? null : Integer.valueOf(0),
        age == 9 ? Integer.valueOf(17) : null, List.of(),
        random.nextInt(4) == 0 ? List.of(Eligibility.Population.values()[random.nextInt(
            Eligibility.Population.values().length)]) : List.of());
    List<String> languages = random.nextInt(3) == 0 ? List.of() : partnerLanguages;
    List<String> at = locations.size() > 1 && random.nextBoolean()
        ? List.of(locations.get(random.nextInt(locations.size())).id()) : List.of();
    return new Service(id, name, name + " for survivors: " + String.join(", ", codes).replace('.', ' ')
        + (beds ? ", intake by referral, 24/7 in emergencies" : ", by appointment"), codes, eligibility, languages,
        null, null, capacity, random.nextInt(10) != 0, at);
  }

  private static List<String> languages(Random random) {
    List<String> languages = new ArrayList<>(List.of("en"));
    int extra = binomial(random, 2, 0.4);
    for (int i = 0; i < extra; i++) {
      // the first languages far more often than the last
      String language = LANGUAGES[(int) Math.min(LANGUAGES.length - 1, Math.abs(random.nextGaussian()) * 3)];
      if (!languages.contains(language)) {
        languages.add(language);
      }
    }
    return List.copyOf(languages);
  }

  /** A town's surroundings (about 12 km around its centre) by its share, else anywhere in the region. */
  private static GeoPoint place(Random random) {
    double r = random.nextDouble();
    for (Town town : TOWNS) {
      if (r < town.share()) {
        return near(random, new GeoPoint(town.latitude(), town.longitude()), 0.11);
      }
      r -= town.share();
    }
    return new GeoPoint(SOUTH + random.nextDouble() * (NORTH - SOUTH), WEST + random.nextDouble() * (EAST - WEST));
  }

  private static GeoPoint near(Random random, GeoPoint centre, double sigmaDegrees) {
    double lat = clamp(centre.latitude() + random.nextGaussian() * sigmaDegrees, SOUTH, NORTH);
    double lng = clamp(centre.longitude() + random.nextGaussian() * sigmaDegrees * 1.3, WEST, EAST);
    return new GeoPoint(lat, lng);
  }

  static Town nearestTown(GeoPoint point) {
    Town nearest = TOWNS.get(0);
    for (Town town : TOWNS) {
      if (point.distanceKm(new GeoPoint(town.latitude(), town.longitude()))
          < point.distanceKm(new GeoPoint(nearest.latitude(), nearest.longitude()))) {
        nearest = town;
      }
    }
    return nearest;
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  private static int binomial(Random random, int trials, double p) {
    int successes = 0;
    for (int i = 0; i < trials; i++) {
      if (random.nextDouble() < p) {
        successes++;
      }
    }
    return successes;
  }

  private static <T> T pick(Random random, T[] values, double[] shares) {
    double r = random.nextDouble();
    for (int i = 0; i < values.length; i++) {
      if (r < shares[i]) {
        return values[i];
      }
      r -= shares[i];
    }
    return values[values.length - 1];
  }
}
