package org.partnernet.directory.partner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.id.Ids;

/** What a partner says about itself: everything its admin may change (status and vetting are not part of it). */
public record Profile(String name, List<String> alternateNames, PartnerKind kind, String description, String website,
                      String email, List<Contact> contacts, ReferralIntake intake, List<Location> locations,
                      List<Service> services, List<String> serviceAreas, List<String> languages) {

  /** The update-mask paths a partner-admin may change. */
  public static final Set<String> PATHS = Set.of("name", "alternate_names", "kind", "description", "website", "email",
      "contacts", "intake", "locations", "services", "service_areas", "languages");

  static final int NAME_MAX = 200;
  static final int TEXT_MAX = 4000;
  static final int SHORT_MAX = 200;
  static final int LIST_MAX = 50;
  static final int SERVICES_MAX = 100;
  private static final java.util.regex.Pattern LANGUAGE = java.util.regex.Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
  private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

  public Profile {
    alternateNames = copy(alternateNames);
    contacts = copy(contacts);
    locations = copy(locations);
    services = copy(services);
    serviceAreas = copy(serviceAreas);
    languages = copy(languages);
    intake = intake == null ? new ReferralIntake(false, List.of(), null) : intake;
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** This profile with the fields named by {@code paths} taken from {@code changes}. */
  public Profile merge(Profile changes, Set<String> paths) {
    Set<String> p = paths.contains("*") ? PATHS : paths;
    return new Profile(
        p.contains("name") ? changes.name : name,
        p.contains("alternate_names") ? changes.alternateNames : alternateNames,
        p.contains("kind") ? changes.kind : kind,
        p.contains("description") ? changes.description : description,
        p.contains("website") ? changes.website : website,
        p.contains("email") ? changes.email : email,
        p.contains("contacts") ? changes.contacts : contacts,
        p.contains("intake") ? changes.intake : intake,
        p.contains("locations") ? changes.locations : locations,
        p.contains("services") ? keepCapacity(changes.services) : services,
        p.contains("service_areas") ? changes.serviceAreas : serviceAreas,
        p.contains("languages") ? changes.languages : languages);
  }

  /** Capacity is reported with UpdateCapacity; a profile update keeps what was reported for a service it keeps. */
  private List<Service> keepCapacity(List<Service> updated) {
    Map<String, Capacity> reported = new HashMap<>();
    services.forEach(s -> {
      if (s.capacity() != null) {
        reported.put(s.id(), s.capacity());
      }
    });
    return updated.stream().map(s -> s.withCapacity(s.id() == null ? null : reported.get(s.id()))).toList();
  }

  /** Gives new contacts, locations and services an id. */
  public Profile withIds() {
    return new Profile(name, alternateNames, kind, description, website, email,
        contacts.stream().map(c -> c.id() == null || c.id().isEmpty()
            ? new Contact(Ids.newId(), c.purpose(), c.name(), c.title(), c.email(), c.phone()) : c).toList(),
        intake,
        locations.stream().map(l -> l.id() == null || l.id().isEmpty()
            ? new Location(Ids.newId(), l.name(), l.address(), l.point(), l.confidential(), false) : l).toList(),
        services.stream().map(s -> s.id() == null || s.id().isEmpty() ? s.withId(Ids.newId()) : s).toList(),
        serviceAreas, languages);
  }

  public Profile withServices(List<Service> newServices) {
    return new Profile(name, alternateNames, kind, description, website, email, contacts, intake, locations,
        newServices, serviceAreas, languages);
  }

  public Profile withLocations(List<Location> newLocations) {
    return new Profile(name, alternateNames, kind, description, website, email, contacts, intake, newLocations,
        services, serviceAreas, languages);
  }

  /**
   * Checks every field, naming each offending one under {@code prefix} (e.g. {@code partner.services[0].name}).
   *
   * @param knownTaxonomyCode whether a taxonomy code exists
   */
  public Violations validate(Violations v, String prefix, Predicate<String> knownTaxonomyCode) {
    v.requiredText(name, NAME_MAX, prefix + "name");
    v.check(kind != null, prefix + "kind", "is required");
    v.check(alternateNames.size() <= 10, prefix + "alternate_names", "at most 10");
    for (int i = 0; i < alternateNames.size(); i++) {
      v.requiredText(alternateNames.get(i), NAME_MAX, prefix + "alternate_names[" + i + "]");
    }
    v.maxLength(description, TEXT_MAX, prefix + "description");
    v.maxLength(website, 500, prefix + "website").httpUrl(website, prefix + "website");
    v.maxLength(email, 254, prefix + "email").email(email, prefix + "email");
    v.check(contacts.size() <= LIST_MAX, prefix + "contacts", "at most " + LIST_MAX);
    for (int i = 0; i < contacts.size(); i++) {
      Contact c = contacts.get(i);
      String f = prefix + "contacts[" + i + "].";
      checkId(v, c.id(), f + "id");
      v.requiredText(c.name(), SHORT_MAX, f + "name").maxLength(c.title(), SHORT_MAX, f + "title");
      v.maxLength(c.email(), 254, f + "email").email(c.email(), f + "email");
      v.maxLength(c.phone(), 40, f + "phone");
      v.check(c.phone() == null || c.phone().matches("[0-9+() .\\-/x]*"), f + "phone", "digits, spaces and + ( ) - . / x only");
    }
    v.maxLength(intake.notes(), 500, prefix + "intake.notes");
    checkHours(v, intake.hours(), prefix + "intake.hours");
    v.check(locations.size() <= LIST_MAX, prefix + "locations", "at most " + LIST_MAX);
    for (int i = 0; i < locations.size(); i++) {
      Location l = locations.get(i);
      String f = prefix + "locations[" + i + "].";
      checkId(v, l.id(), f + "id");
      v.maxLength(l.name(), SHORT_MAX, f + "name");
      if (l.point() != null) {
        v.latitude(l.point().latitude(), f + "point.latitude").longitude(l.point().longitude(), f + "point.longitude");
      }
      if (l.address() != null) {
        Address a = l.address();
        v.check(a.lines().size() <= 4, f + "address.lines", "at most 4");
        a.lines().forEach(line -> v.maxLength(line, SHORT_MAX, f + "address.lines"));
        v.maxLength(a.locality(), 100, f + "address.locality").maxLength(a.region(), 100, f + "address.region")
            .maxLength(a.postalCode(), 20, f + "address.postal_code");
        v.check(a.country() == null || a.country().isEmpty() || a.country().matches("[A-Z]{2}"), f + "address.country",
            "must be an ISO 3166-1 alpha-2 code");
      }
      v.check(!l.confidential() || l.address() == null || notBlank(l.address().locality()), f + "address.locality",
          "is required for a confidential location (it is what the public sees)");
    }
    v.check(services.size() <= SERVICES_MAX, prefix + "services", "at most " + SERVICES_MAX);
    for (int i = 0; i < services.size(); i++) {
      Service s = services.get(i);
      String f = prefix + "services[" + i + "].";
      checkId(v, s.id(), f + "id");
      v.requiredText(s.name(), NAME_MAX, f + "name").maxLength(s.description(), TEXT_MAX, f + "description");
      v.check(!s.taxonomyCodes().isEmpty(), f + "taxonomy_codes", "at least one code from ListTaxonomyTerms");
      s.taxonomyCodes().forEach(code -> v.check(knownTaxonomyCode.test(code), f + "taxonomy_codes",
          "unknown code; see ListTaxonomyTerms"));
      s.languages().forEach(lang -> checkLanguage(v, lang, f + "languages"));
      v.maxLength(s.fees(), 500, f + "fees").maxLength(s.schedule(), 500, f + "schedule");
      checkHours(v, s.hours(), f + "hours");
      Eligibility e = s.eligibility();
      v.check(e.minAge() == null || (e.minAge() >= 0 && e.minAge() <= 130), f + "eligibility.min_age", "must be 0-130");
      v.check(e.maxAge() == null || (e.maxAge() >= 0 && e.maxAge() <= 130), f + "eligibility.max_age", "must be 0-130");
      v.check(e.minAge() == null || e.maxAge() == null || e.minAge() <= e.maxAge(), f + "eligibility.max_age",
          "must not be below min_age");
      for (String locationId : s.locationIds()) {
        v.check(locations.stream().anyMatch(l -> locationId.equals(l.id())), f + "location_ids",
            "must name a location of this partner");
      }
    }
    v.check(serviceAreas.size() <= LIST_MAX, prefix + "service_areas", "at most " + LIST_MAX);
    serviceAreas.forEach(a -> v.requiredText(a, SHORT_MAX, prefix + "service_areas"));
    v.check(languages.size() <= LIST_MAX, prefix + "languages", "at most " + LIST_MAX);
    languages.forEach(lang -> checkLanguage(v, lang, prefix + "languages"));
    return v;
  }

  private static void checkHours(Violations v, List<ReferralIntake.OpeningHours> hours, String field) {
    v.check(hours.size() <= 28, field, "at most 28");
    for (int i = 0; i < hours.size(); i++) {
      ReferralIntake.OpeningHours h = hours.get(i);
      String f = field + "[" + i + "].";
      v.check(h.dayOfWeek() >= 1 && h.dayOfWeek() <= 7, f + "day_of_week", "must be 1 (Monday) to 7 (Sunday)");
      v.check(h.opens() != null && TIME.matcher(h.opens()).matches(), f + "opens", "must be HH:MM");
      v.check(h.closes() != null && TIME.matcher(h.closes()).matches(), f + "closes", "must be HH:MM");
    }
  }

  private static void checkId(Violations v, String id, String field) {
    v.check(id == null || id.isEmpty() || Ids.isId(id), field, "must be a UUID assigned by the directory, or empty");
  }

  private static void checkLanguage(Violations v, String lang, String field) {
    v.check(lang != null && lang.length() <= 35 && LANGUAGE.matcher(lang).matches(), field,
        "must be a BCP-47 language code such as en or ti");
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
