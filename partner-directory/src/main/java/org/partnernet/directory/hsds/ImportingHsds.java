package org.partnernet.directory.hsds;

import static org.partnernet.directory.hsds.Hsds.derivedId;
import static org.partnernet.directory.hsds.Hsds.number;
import static org.partnernet.directory.hsds.Hsds.object;
import static org.partnernet.directory.hsds.Hsds.objects;
import static org.partnernet.directory.hsds.Hsds.string;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.partnernet.directory.partner.Address;
import org.partnernet.directory.partner.Contact;
import org.partnernet.directory.partner.Eligibility;
import org.partnernet.directory.partner.GeoPoint;
import org.partnernet.directory.partner.Location;
import org.partnernet.directory.partner.Partner;
import org.partnernet.directory.partner.PartnerAccess;
import org.partnernet.directory.partner.PartnerKind;
import org.partnernet.directory.partner.Partners;
import org.partnernet.directory.partner.Profile;
import org.partnernet.directory.partner.ReferralIntake;
import org.partnernet.directory.partner.Service;
import org.partnernet.directory.taxonomy.Taxonomy;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.id.NetworkId;

/**
 * A coordinator loads an Open Referral HSDS 3.x data set (e.g. the coalition's 211 data). Each organization becomes a
 * partner with the same id, its locations and services attached; imported partners are ACTIVE, vouched for by the
 * importing coordinator. Importing the same data again changes nothing. A bad record is reported and skipped (a bad
 * field inside a good record is dropped and reported), never aborting the batch.
 */
@org.springframework.stereotype.Service
public class ImportingHsds {

  static final int MAX_RECORDS = 5000;

  private final Partners partners;
  private final Taxonomy taxonomy;
  private final NetworkId network;
  private final Clock clock;

  ImportingHsds(Partners partners, Taxonomy taxonomy, NetworkId network, Clock clock) {
    this.partners = partners;
    this.taxonomy = taxonomy;
    this.network = network;
    this.clock = clock;
  }

  public record ImportError(String recordType, String recordId, String field, String message) {}

  public record Report(int created, int updated, int unchanged, List<ImportError> errors) {}

  /** One organization and everything the batch says about it. */
  private static final class Draft {
    Map<String, Object> organization;
    final Map<String, Map<String, Object>> locations = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> services = new LinkedHashMap<>();
  }

  public Report importData(Caller caller, List<Map<String, Object>> organizations, List<Map<String, Object>> services) {
    new Violations().check(organizations.size() + services.size() <= MAX_RECORDS, "organizations",
        "at most " + MAX_RECORDS + " records per import; split the data set").throwIfAny();
    PartnerAccess.requireCoordinator(caller);
    List<ImportError> errors = new ArrayList<>();
    Map<String, Draft> drafts = new LinkedHashMap<>();

    for (Map<String, Object> org : organizations) {
      addOrganization(org, drafts, errors);
    }
    for (Map<String, Object> service : services) {
      String serviceId = id(service);
      Map<String, Object> nested = object(service, "organization");
      String orgId = lower(Optional.ofNullable(string(service, "organization_id")).orElse(id(nested)));
      if (nested != null && orgId != null && !drafts.containsKey(orgId)) {
        addOrganization(nested, drafts, errors);
      }
      Draft draft = orgId == null ? null : drafts.get(orgId);
      if (draft == null && orgId != null) {
        Optional<Partner> existing = partners.find(orgId);
        if (existing.isPresent()) {
          draft = new Draft();
          draft.organization = existingOrganization(existing.get());
          drafts.put(orgId, draft);
        }
      }
      if (draft == null) {
        errors.add(new ImportError("service", serviceId, "organization_id",
            "names no organization of this data set or of the directory; skipped"));
        continue;
      }
      addService(draft, service, errors);
    }

    int created = 0;
    int updated = 0;
    int unchanged = 0;
    for (Map.Entry<String, Draft> entry : drafts.entrySet()) {
      String id = entry.getKey();
      Profile profile = profile(id, entry.getValue(), errors);
      if (profile == null) {
        continue;
      }
      Optional<Partner> existing = partners.find(id);
      PartnerKind kind = existing.map(p -> p.profile().kind()).orElse(PartnerKind.OTHER);
      profile = new Profile(profile.name(), profile.alternateNames(), kind, profile.description(), profile.website(),
          profile.email(), profile.contacts(), existing.map(p -> p.profile().intake()).orElse(profile.intake()),
          profile.locations(), profile.services(), profile.serviceAreas(), profile.languages());
      if (existing.isPresent()) {
        profile = combine(existing.get().profile(), profile);
      }
      Violations v = profile.validate(new Violations(), "", taxonomy::contains);
      if (!v.isEmpty()) {
        for (var violation : v.toException().violations()) {
          errors.add(new ImportError("organization", id, violation.field(), violation.description() + "; skipped"));
        }
        continue;
      }
      if (existing.isEmpty()) {
        Partner partner = Partner.registered(id, network.value(), profile, null, clock.instant())
            .approvedBy(caller.userId(), clock.instant());
        partners.insert(partner);
        created++;
      } else if (sameAsStored(existing.get().profile(), profile)) {
        unchanged++;
      } else {
        Partner current = existing.get();
        Profile merged = current.profile().merge(profile, Set.of("*"));
        if (partners.replace(current.withProfile(merged, clock.instant()), current.version())) {
          updated++;
        } else {
          errors.add(new ImportError("organization", id, "", "changed by someone else during the import; import again"));
        }
      }
    }
    return new Report(created, updated, unchanged, errors);
  }

  /**
   * What a partner looks like after an import: the imported fields replace the stored ones, imported contacts,
   * locations and services replace those with the same id, and what the import does not mention stays.
   */
  private static Profile combine(Profile stored, Profile imported) {
    return new Profile(imported.name(), imported.alternateNames(), imported.kind(),
        imported.description() == null ? stored.description() : imported.description(),
        imported.website() == null ? stored.website() : imported.website(),
        imported.email() == null ? stored.email() : imported.email(),
        union(stored.contacts(), imported.contacts(), Contact::id), stored.intake(),
        union(stored.locations(), imported.locations(), Location::id),
        union(stored.services().stream().map(x -> x.withCapacity(null)).toList(), imported.services(), Service::id),
        union(stored.serviceAreas(), imported.serviceAreas(), x -> x),
        union(stored.languages(), imported.languages(), x -> x));
  }

  private static <T> List<T> union(List<T> stored, List<T> imported, java.util.function.Function<T, String> key) {
    Map<String, T> byKey = new LinkedHashMap<>();
    stored.forEach(x -> byKey.put(key.apply(x), x));
    imported.forEach(x -> byKey.put(key.apply(x), x));
    return new ArrayList<>(byKey.values());
  }

  private static boolean sameAsStored(Profile stored, Profile imported) {
    // capacity is reported by the partner, never imported: compare without it
    List<Service> storedServices = stored.services().stream().map(s -> s.withCapacity(null)).toList();
    return stored.withServices(storedServices).equals(imported.withIds());
  }

  private void addOrganization(Map<String, Object> org, Map<String, Draft> drafts, List<ImportError> errors) {
    String id = id(org);
    if (!Hsds.isUuid(id)) {
      errors.add(new ImportError("organization", id == null ? "" : id, "id", "must be a UUID; skipped"));
      return;
    }
    Draft draft = drafts.computeIfAbsent(id, k -> new Draft());
    draft.organization = org;
    for (Map<String, Object> location : objects(org, "locations")) {
      addLocation(draft, location, errors);
    }
    for (Map<String, Object> service : objects(org, "services")) {
      addService(draft, service, errors);
    }
  }

  private static void addLocation(Draft draft, Map<String, Object> location, List<ImportError> errors) {
    String id = id(location);
    if (!Hsds.isUuid(id)) {
      errors.add(new ImportError("location", id == null ? "" : id, "id", "must be a UUID; skipped"));
      return;
    }
    draft.locations.putIfAbsent(id, location);
  }

  private static void addService(Draft draft, Map<String, Object> service, List<ImportError> errors) {
    String id = id(service);
    if (!Hsds.isUuid(id)) {
      errors.add(new ImportError("service", id == null ? "" : id, "id", "must be a UUID; skipped"));
      return;
    }
    if (string(service, "name") == null) {
      errors.add(new ImportError("service", id, "name", "is required; skipped"));
      return;
    }
    for (Map<String, Object> sal : objects(service, "service_at_locations")) {
      Map<String, Object> location = object(sal, "location");
      if (location != null) {
        addLocation(draft, location, errors);
      }
    }
    draft.services.put(id, service);
  }

  /** The draft as a PartnerNet profile; null (with errors) when the organization itself is unusable. */
  private Profile profile(String id, Draft draft, List<ImportError> errors) {
    Map<String, Object> org = draft.organization;
    if (org == null) {
      errors.add(new ImportError("organization", id, "", "no organization record; skipped"));
      return null;
    }
    String name = string(org, "name");
    if (name == null) {
      errors.add(new ImportError("organization", id, "name", "is required; skipped"));
      return null;
    }
    String website = checked(string(org, "website"), v -> v.httpUrl(string(org, "website"), "website"),
        "organization", id, "website", errors);
    String email = checked(string(org, "email"), v -> v.email(string(org, "email"), "email"),
        "organization", id, "email", errors);
    List<Contact> contacts = new ArrayList<>();
    List<Map<String, Object>> orgContacts = objects(org, "contacts");
    for (int i = 0; i < orgContacts.size() && i < 50; i++) {
      Map<String, Object> c = orgContacts.get(i);
      String contactId = Hsds.isUuid(id(c)) ? id(c) : derivedId(id, "contact", String.valueOf(i));
      String contactEmail = checked(string(c, "email"), v -> v.email(string(c, "email"), "email"), "contact",
          contactId, "email", errors);
      String name1 = Optional.ofNullable(string(c, "name")).orElse(Optional.ofNullable(string(c, "title")).orElse("Contact"));
      contacts.add(new Contact(contactId, Contact.Purpose.GENERAL, name1, string(c, "title"), contactEmail,
          phone(objects(c, "phones"))));
    }
    // the organisation's own phones (and its services'), not already some contact's: general contacts
    List<Map<String, Object>> loosePhones = new ArrayList<>(objects(org, "phones"));
    draft.services.values().forEach(service -> loosePhones.addAll(objects(service, "phones")));
    for (Map<String, Object> p : loosePhones) {
      String number = phone(List.of(p));
      boolean known = number == null || contacts.stream().anyMatch(c -> number.equals(c.phone()));
      if (!known && contacts.size() < 50) {
        String type = string(p, "type");
        contacts.add(new Contact(Hsds.isUuid(id(p)) ? id(p) : derivedId(id, "phone", number), Contact.Purpose.GENERAL,
            type == null ? "Phone" : "Phone (" + truncate(type, 20) + ")", null, null, number));
      }
    }
    List<Location> locations = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> entry : draft.locations.entrySet()) {
      locations.add(location(entry.getKey(), entry.getValue(), errors));
    }
    Set<String> serviceAreas = new LinkedHashSet<>();
    Set<String> languages = new LinkedHashSet<>();
    List<Service> services = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> entry : draft.services.entrySet()) {
      services.add(service(entry.getKey(), entry.getValue(), draft.locations.keySet(), serviceAreas, errors));
    }
    services.forEach(s -> languages.addAll(s.languages()));
    String alternate = string(org, "alternate_name");
    return new Profile(name, alternate == null ? List.of() : List.of(alternate), PartnerKind.OTHER,
        Optional.ofNullable(string(org, "description")).orElse(null), website, email, contacts,
        new ReferralIntake(false, List.of(), null), locations, services, new ArrayList<>(serviceAreas),
        new ArrayList<>(languages));
  }

  private static Location location(String id, Map<String, Object> l, List<ImportError> errors) {
    Double lat = number(l, "latitude");
    Double lng = number(l, "longitude");
    GeoPoint point = null;
    if (lat != null && lng != null) {
      if (lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180) {
        point = new GeoPoint(lat, lng);
      } else {
        errors.add(new ImportError("location", id, "latitude",
            "coordinates out of range; location imported without a point"));
      }
    }
    Address address = null;
    List<Map<String, Object>> addresses = objects(l, "addresses");
    if (!addresses.isEmpty()) {
      Map<String, Object> a = addresses.stream().filter(x -> "physical".equals(string(x, "address_type")))
          .findFirst().orElse(addresses.get(0));
      List<String> lines = new ArrayList<>();
      Optional.ofNullable(string(a, "address_1")).ifPresent(lines::add);
      Optional.ofNullable(string(a, "address_2")).ifPresent(lines::add);
      String country = string(a, "country");
      if (country != null && !country.matches("[A-Z]{2}")) {
        errors.add(new ImportError("location", id, "addresses.country", "not an ISO 3166-1 alpha-2 code; dropped"));
        country = null;
      }
      address = new Address(lines, string(a, "city"),
          Optional.ofNullable(string(a, "state_province")).orElse(string(a, "region")), string(a, "postal_code"),
          country);
    }
    // HSDS has no confidentiality: imported locations are public directory data
    return new Location(id, string(l, "name"), address, point, false, false);
  }

  private Service service(String id, Map<String, Object> s, Set<String> locationIds, Set<String> serviceAreas,
                          List<ImportError> errors) {
    Set<String> codes = new LinkedHashSet<>();
    for (Map<String, Object> attribute : objects(s, "attributes")) {
      String code = string(object(attribute, "taxonomy_term"), "code");
      if (code != null && taxonomy.contains(code.toLowerCase(Locale.ROOT))) {
        codes.add(code.toLowerCase(Locale.ROOT));
      }
    }
    if (codes.isEmpty()) {
      codes.add(Taxonomy.OTHER);
    }
    Set<String> languages = new LinkedHashSet<>();
    for (Map<String, Object> language : objects(s, "languages")) {
      String code = string(language, "code");
      if (code != null && code.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
        languages.add(code.toLowerCase(Locale.ROOT));
      } else {
        errors.add(new ImportError("language", Optional.ofNullable(id(language)).orElse(""), "code",
            "not a BCP-47 code; dropped"));
      }
    }
    Integer min = age(number(s, "minimum_age"));
    Integer max = age(number(s, "maximum_age"));
    if (min != null && max != null && min > max) {
      errors.add(new ImportError("service", id, "maximum_age", "below minimum_age; ages dropped"));
      min = null;
      max = null;
    }
    List<String> at = new ArrayList<>();
    for (Map<String, Object> sal : objects(s, "service_at_locations")) {
      String locationId = lower(Optional.ofNullable(string(sal, "location_id")).orElse(id(object(sal, "location"))));
      if (locationId != null && locationIds.contains(locationId) && !at.contains(locationId)) {
        at.add(locationId);
      }
    }
    objects(s, "service_areas").forEach(a -> Optional.ofNullable(string(a, "name")).ifPresent(serviceAreas::add));
    Schedules.Read schedules = Schedules.read(objects(s, "schedules"));
    schedules.problems().forEach(problem -> errors.add(new ImportError("schedule", id, "schedules", problem)));
    List<String> schedule = schedules.text();
    String status = string(s, "status");
    return new Service(id, string(s, "name"), truncate(string(s, "description"), 4000), List.copyOf(codes),
        new Eligibility(min, max, List.of(), List.of()), List.copyOf(languages),
        truncate(Optional.ofNullable(string(s, "fees_description")).orElse(string(s, "fees")), 500),
        truncate(schedule.isEmpty() ? null : String.join("; ", schedule), 500), null,
        status == null || "active".equals(status), at,
        schedules.hours().size() > 28 ? schedules.hours().subList(0, 28) : schedules.hours());
  }

  private static Integer age(Double value) {
    return value == null || value < 0 || value > 130 ? null : value.intValue();
  }

  private static String phone(List<Map<String, Object>> phones) {
    for (Map<String, Object> p : phones) {
      String number = string(p, "number");
      if (number != null) {
        String cleaned = number.replaceAll("[^0-9+() .\\-/x]", "").trim();
        Double extension = number(p, "extension");
        if (!cleaned.isEmpty() && extension != null && extension >= 0 && extension == Math.rint(extension)) {
          cleaned = cleaned + " x" + extension.longValue();
        }
        return cleaned.isEmpty() ? null : truncate(cleaned, 40);
      }
    }
    return null;
  }

  private static String checked(String value, java.util.function.Consumer<Violations> check, String type, String id,
                                String field, List<ImportError> errors) {
    if (value == null) {
      return null;
    }
    Violations v = new Violations();
    check.accept(v);
    if (!v.isEmpty()) {
      errors.add(new ImportError(type, id, field, "malformed; dropped"));
      return null;
    }
    return value;
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static String id(Map<String, Object> map) {
    return lower(string(map, "id"));
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** Enough of a stored partner to attach imported services to it. */
  private static Map<String, Object> existingOrganization(Partner partner) {
    Map<String, Object> org = new LinkedHashMap<>();
    org.put("id", partner.id());
    org.put("name", partner.name());
    org.put("description", partner.profile().description());
    org.put("website", partner.profile().website());
    org.put("email", partner.profile().email());
    return org;
  }
}
