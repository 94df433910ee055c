package org.partnernet.directory.demo;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.partnernet.directory.partner.Address;
import org.partnernet.directory.partner.Capacity;
import org.partnernet.directory.partner.Contact;
import org.partnernet.directory.partner.Eligibility;
import org.partnernet.directory.partner.Eligibility.Population;
import org.partnernet.directory.partner.GeoPoint;
import org.partnernet.directory.partner.Location;
import org.partnernet.directory.partner.Partner;
import org.partnernet.directory.partner.PartnerKind;
import org.partnernet.directory.partner.Partners;
import org.partnernet.directory.partner.Profile;
import org.partnernet.directory.partner.ReferralIntake;
import org.partnernet.directory.partner.Service;
import org.partnernet.servicekit.id.NetworkId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A synthetic coalition around the fictional metro "Riverton" (made-up organisations, streets and phone numbers; no
 * real people), loaded on first start with an empty database so the platform is usable at once. The seven demo
 * organisations of the Keycloak realm are among them, with the same ids. Off with {@code partnernet.demo-data=false}.
 */
@Component
class DemoNetwork implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DemoNetwork.class);
  static final double CENTRE_LAT = 41.4993;
  static final double CENTRE_LNG = -81.6944;
  private static final String DEMO_LOADER = "demo-data";

  private final Partners partners;
  private final NetworkId network;
  private final Clock clock;
  private final boolean enabled;
  private final Random random = new Random(20_26L);
  private int sequence;
  private boolean running;

  DemoNetwork(Partners partners, NetworkId network, Clock clock, @Value("${partnernet.demo-data:true}") boolean enabled) {
    this.partners = partners;
    this.network = network;
    this.clock = clock;
    this.enabled = enabled;
  }

  @Override
  public void start() {
    running = true;
    if (!enabled || partners.count() > 0) {
      return;
    }
    List<Partner> network = build();
    network.forEach(partners::insert);
    log.warn("loaded the synthetic Riverton demo network ({} partners); set PARTNERNET_DEMO_DATA=false in production",
        network.size());
  }

  List<Partner> build() {
    List<Partner> all = new ArrayList<>();
    Instant now = clock.instant();
    // the realm's demo organisations
    all.add(partner("01900000-0000-7000-8000-000000000001", "Harbor House Shelter", PartnerKind.SHELTER,
        "Emergency and transitional shelter for women and girls who survived trafficking. 24/7 intake.",
        List.of("en", "es", "ti", "ar"), true, "Harbor Street",
        service("Emergency beds for women and girls", "housing.emergency-shelter", 16, null, List.of(Population.MINORS,
            Population.ADULTS), capacity(24, 3)),
        service("Transitional apartments", "housing.transitional", 18, null, List.of(), capacity(12, 0)),
        service("Trauma-informed counselling", "health.trauma-counselling", 12, null, List.of(), null)));
    all.add(partner("01900000-0000-7000-8000-000000000002", "Bridgeway Advocates", PartnerKind.NGO,
        "Caseworkers who walk with survivors from first contact to independence.", List.of("en", "es", "vi"), false,
        "Bridge Avenue",
        service("Case management", "case-management", null, null, List.of(), null),
        service("Interpretation by phone", "interpretation", null, null, List.of(), null)));
    all.add(partner("01900000-0000-7000-8000-000000000003", "Lincoln High School", PartnerKind.SCHOOL,
        "Public high school; hosts awareness sessions for students and parents.", List.of("en", "es"), false,
        "Lincoln Boulevard",
        service("Evening English classes", "education", 16, null, List.of(), capacity(30, 8))));
    all.add(partner("01900000-0000-7000-8000-000000000004", "Northside Logistics", PartnerKind.BUSINESS,
        "Warehouse and delivery company offering jobs with training to survivors.", List.of("en", "pl", "es"), false,
        "Depot Road",
        service("Warehouse jobs with on-the-job training", "employment.placement", 18, null, List.of(), capacity(6, 2)),
        service("Donated transport to appointments", "transport", null, null, List.of(), null)));
    all.add(partner("01900000-0000-7000-8000-000000000005", "Grace Community Church", PartnerKind.FAITH_BASED,
        "Congregation offering volunteers, a meeting hall and a clothing bank.", List.of("en", "ko"), false,
        "Chapel Lane",
        service("Clothing and hygiene kits", "goods", null, null, List.of(), null),
        service("Fellowship hall for trainings", "space", null, null, List.of(), capacity(1, 1)),
        service("Volunteer drivers and mentors", "volunteers", null, null, List.of(), null)));
    all.add(partner("01900000-0000-7000-8000-000000000006", "Metro Anti-Trafficking Coalition", PartnerKind.NGO,
        "Coordinates the Riverton coalition: vetting partners, network health, training calendar.", List.of("en"),
        false, "Civic Plaza",
        service("Partner coordination and referrals help", "case-management", null, null, List.of(), null)));
    all.add(partner("01900000-0000-7000-8000-000000000007", "Safe Passage Training Collective", PartnerKind.NGO,
        "Trainers for schools, businesses and faith groups on recognising and reporting trafficking.",
        List.of("en", "es", "fr"), false, "Meridian Street",
        service("Awareness training for students, teachers and parents", "training.awareness", null, null, List.of(),
            null)));

    String[] streets = {"Maple Avenue", "Quarry Road", "Lakeview Drive", "Foundry Street", "Orchard Lane",
        "Canal Street", "Beacon Hill Road", "Willow Court", "Station Road", "Elmwood Avenue", "Ferry Street",
        "Granite Way", "Juniper Road", "Millrace Lane", "Oakridge Drive", "Prospect Street"};
    Object[][] generated = {
        {"Riverside Refuge", PartnerKind.SHELTER, "housing.emergency-shelter", "Emergency beds for adults"},
        {"Open Door Youth Shelter", PartnerKind.SHELTER, "housing.emergency-shelter", "Beds for youth 12-17"},
        {"Cedar House Family Shelter", PartnerKind.SHELTER, "housing.emergency-shelter", "Shelter for families"},
        {"New Dawn Transitional Homes", PartnerKind.SHELTER, "housing.transitional", "Transitional housing"},
        {"Lantern Safe House", PartnerKind.SHELTER, "housing.emergency-shelter", "Safe house for men"},
        {"Riverton Immigrant Legal Center", PartnerKind.LEGAL, "legal.immigration", "T-visa and asylum applications"},
        {"Eastside Legal Aid Society", PartnerKind.LEGAL, "legal.civil", "Unpaid wages and protection orders"},
        {"Second Chance Law Clinic", PartnerKind.LEGAL, "legal.criminal", "Vacatur and record clearing"},
        {"Riverton Free Clinic", PartnerKind.HEALTHCARE, "health.medical", "Walk-in medical care, no insurance needed"},
        {"Mercy Counselling Centre", PartnerKind.HEALTHCARE, "health.trauma-counselling", "Trauma therapy"},
        {"Clearwater Recovery", PartnerKind.HEALTHCARE, "health.substance-use", "Detox and recovery support"},
        {"St. Luke's Women's Health", PartnerKind.HEALTHCARE, "health.medical", "Sexual and reproductive health"},
        {"Language Bridge Interpreters", PartnerKind.NGO, "interpretation", "Interpreters in 40 languages"},
        {"Pathways Job Academy", PartnerKind.NGO, "employment.training", "Vocational training courses"},
        {"Harvest Bakery Cooperative", PartnerKind.BUSINESS, "employment.placement", "Bakery jobs with mentoring"},
        {"Summit Hotel Group", PartnerKind.BUSINESS, "employment.placement", "Hospitality jobs"},
        {"Bright Start Child Care", PartnerKind.OTHER, "child-care", "Child care during appointments"},
        {"Riverton Community College", PartnerKind.SCHOOL, "education", "GED and English classes"},
        {"Westfield Middle School", PartnerKind.SCHOOL, "training.awareness", "Peer awareness programme"},
        {"Temple Beth Shalom", PartnerKind.FAITH_BASED, "goods", "Food pantry and furniture"},
        {"Al-Noor Islamic Center", PartnerKind.FAITH_BASED, "volunteers", "Volunteers and interpreters"},
        {"Good Shepherd Lutheran Church", PartnerKind.FAITH_BASED, "space", "Rooms for support groups"},
        {"Riverton Police Department Victim Unit", PartnerKind.LAW_ENFORCEMENT, "case-management",
            "Victim advocates"},
        {"County Sheriff Human Trafficking Task Force", PartnerKind.LAW_ENFORCEMENT, "case-management",
            "Investigations and victim support"},
        {"Riverton County Social Services", PartnerKind.GOVERNMENT, "case-management", "Benefits and case workers"},
        {"State Office for Refugees", PartnerKind.GOVERNMENT, "legal.immigration", "Refugee resettlement support"},
        {"Metro Transit Access Program", PartnerKind.GOVERNMENT, "transport", "Free bus passes for survivors"},
        {"Hope Rising Survivor Network", PartnerKind.NGO, "case-management", "Peer support led by survivors"},
        {"Kinship Mentors", PartnerKind.NGO, "volunteers", "One-to-one mentoring"},
        {"Threads Clothing Bank", PartnerKind.NGO, "goods", "Clothes and hygiene kits"},
        {"Northgate Tech Skills", PartnerKind.BUSINESS, "employment.training", "Coding and office skills"},
        {"Sanctuary Women's Collective", PartnerKind.SHELTER, "housing.transitional", "Supported apartments"},
        {"Riverton Rape Crisis Center", PartnerKind.NGO, "health.trauma-counselling", "24/7 crisis line and therapy"},
        {"Youth Outreach Riverton", PartnerKind.NGO, "housing.emergency-shelter", "Drop-in and beds for youth"},
        {"Unity Legal Partners", PartnerKind.LEGAL, "legal.immigration", "Pro bono immigration lawyers"},
    };
    String[][] languages = {{"en", "es"}, {"en", "ti", "am"}, {"en", "ar"}, {"en", "vi", "zh"}, {"en", "uk", "ru"},
        {"en", "ro"}, {"en", "tl"}, {"en", "fr", "ht"}, {"en", "so"}, {"en", "pt"}};
    for (int i = 0; i < generated.length; i++) {
      Object[] g = generated[i];
      PartnerKind kind = (PartnerKind) g[1];
      boolean shelter = kind == PartnerKind.SHELTER || "housing.emergency-shelter".equals(g[2]);
      boolean youth = ((String) g[3]).contains("youth");
      Integer minAge = youth ? Integer.valueOf(12) : shelter ? Integer.valueOf(18) : null;
      Integer maxAge = youth ? Integer.valueOf(17) : null;
      List<Population> populations = ((String) g[3]).contains("youth") ? List.of(Population.MINORS)
          : ((String) g[2]).startsWith("legal.immigration") ? List.of(Population.FOREIGN_NATIONALS) : List.of();
      Capacity capacity = shelter ? capacity(8 + random.nextInt(30), random.nextInt(4))
          : random.nextInt(3) == 0 ? capacity(10 + random.nextInt(20), random.nextInt(6)) : null;
      all.add(partner(String.format("01900000-0000-7000-8000-%012d", 1000 + i), (String) g[0], kind,
          g[3] + ". A member of the Riverton coalition.", List.of(languages[i % languages.length]), shelter,
          streets[i % streets.length],
          service((String) g[3], (String) g[2], minAge, maxAge, populations, capacity)));
    }
    List<Partner> active = new ArrayList<>();
    for (Partner p : all) {
      active.add(p.approvedBy(DEMO_LOADER, now));
    }
    return active;
  }

  private Partner partner(String id, String name, PartnerKind kind, String description, List<String> languages,
                          boolean confidential, String street, Service... services) {
    int n = ++sequence;
    double lat = CENTRE_LAT + (random.nextDouble() - 0.5) * 0.3;
    double lng = CENTRE_LNG + (random.nextDouble() - 0.5) * 0.4;
    String slug = name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    Location location = new Location(derived(id, 1), confidential ? "Residence" : "Main office",
        new Address(List.of((100 + n * 7) + " " + street), "Riverton", "RV", String.format("44%03d", 100 + n), "US"),
        new GeoPoint(Math.round(lat * 1e5) / 1e5, Math.round(lng * 1e5) / 1e5), confidential, false);
    List<Contact> contacts = List.of(
        new Contact(derived(id, 2), Contact.Purpose.REFERRAL_INTAKE, "Intake desk", null, "intake@" + slug + ".localhost",
            String.format("+1 555 01%02d", n % 100)),
        new Contact(derived(id, 3), Contact.Purpose.GENERAL, "Front office", null, "info@" + slug + ".localhost", null));
    List<Service> withIds = new ArrayList<>();
    for (int i = 0; i < services.length; i++) {
      withIds.add(services[i].withId(derived(id, 10 + i)));
    }
    ReferralIntake intake = confidential ? new ReferralIntake(true, List.of(), "Call ahead; the address is given on "
        + "acceptance.") : new ReferralIntake(false, weekdays(), null);
    Profile profile = new Profile(name, List.of(), kind, description, "https://" + slug + ".localhost",
        "info@" + slug + ".localhost", contacts, intake, List.of(location), withIds, List.of("Riverton County"),
        languages);
    return Partner.registered(id, network.value(), profile, null, clock.instant());
  }

  private static List<ReferralIntake.OpeningHours> weekdays() {
    List<ReferralIntake.OpeningHours> hours = new ArrayList<>();
    for (int day = 1; day <= 5; day++) {
      hours.add(new ReferralIntake.OpeningHours(day, "09:00", "17:00"));
    }
    return hours;
  }

  private static Service service(String name, String code, Integer minAge, Integer maxAge, List<Population> populations,
                                 Capacity capacity) {
    return new Service(null, name, name + ".", List.of(code), new Eligibility(minAge, maxAge, List.of(), populations),
        List.of(), "free", null, capacity, true, List.of());
  }

  private Capacity capacity(int total, int available) {
    Capacity.Status status = available > 0 ? Capacity.Status.AVAILABLE : Capacity.Status.WAITLIST;
    return new Capacity("places", total, Math.min(available, total), available > 0 ? 0 : 1 + random.nextInt(5), status,
        clock.instant());
  }

  /** Stable ids for sub-records, so a reloaded demo looks the same. */
  private static String derived(String partnerId, int n) {
    return partnerId.substring(0, 24) + String.format("%012x", Long.parseLong(partnerId.substring(24), 16) * 64 + n);
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // before the search index is built
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }
}
