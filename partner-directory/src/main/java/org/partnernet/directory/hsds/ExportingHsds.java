package org.partnernet.directory.hsds;

import static org.partnernet.directory.hsds.Hsds.derivedId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.partnernet.directory.partner.Address;
import org.partnernet.directory.partner.Contact;
import org.partnernet.directory.partner.Location;
import org.partnernet.directory.partner.Partner;
import org.partnernet.directory.partner.PartnerAccess;
import org.partnernet.directory.partner.Partners;
import org.partnernet.directory.partner.Service;
import org.partnernet.directory.taxonomy.Taxonomy;
import org.partnernet.directory.taxonomy.TaxonomyTerm;
import org.partnernet.servicekit.caller.Caller;

/**
 * The directory as Open Referral HSDS 3.0: organizations (with public locations, contacts, phones) and services (with
 * languages, schedules, service areas, taxonomy attributes and service_at_locations). Confidential locations are left
 * out entirely, not even coarsened: an export travels further than the directory does.
 */
@org.springframework.stereotype.Service
public class ExportingHsds {

  public static final int DEFAULT_PAGE = 100;
  public static final int MAX_PAGE = 500;
  static final String TAXONOMY_NAME = "partnernet";

  private final Partners partners;
  private final Taxonomy taxonomy;

  ExportingHsds(Partners partners, Taxonomy taxonomy) {
    this.partners = partners;
    this.taxonomy = taxonomy;
  }

  public record Page(List<Map<String, Object>> organizations, List<Map<String, Object>> services, String lastId) {}

  /** ACTIVE partners with an id after {@code afterId}; {@code lastId} is null on the last page. */
  public Page export(Caller caller, String afterId, int pageSize) {
    PartnerAccess.requireCoordinator(caller);
    List<Partner> page = partners.afterId(afterId, true, pageSize + 1);
    boolean more = page.size() > pageSize;
    List<Map<String, Object>> organizations = new ArrayList<>();
    List<Map<String, Object>> services = new ArrayList<>();
    for (Partner partner : page.subList(0, Math.min(pageSize, page.size()))) {
      List<Location> publicLocations = partner.profile().locations().stream().filter(l -> !l.confidential()).toList();
      organizations.add(organization(partner, publicLocations));
      Set<String> publicIds = publicLocations.stream().map(Location::id).collect(Collectors.toSet());
      for (Service service : partner.services()) {
        services.add(service(partner, service, publicIds));
      }
    }
    return new Page(organizations, services, more ? page.get(pageSize - 1).id() : null);
  }

  private static Map<String, Object> organization(Partner partner, List<Location> locations) {
    Map<String, Object> org = new LinkedHashMap<>();
    org.put("id", partner.id());
    org.put("name", partner.name());
    if (!partner.profile().alternateNames().isEmpty()) {
      org.put("alternate_name", partner.profile().alternateNames().get(0));
    }
    org.put("description", partner.profile().description() == null ? "" : partner.profile().description());
    put(org, "email", partner.profile().email());
    put(org, "website", partner.profile().website());
    List<Map<String, Object>> contacts = new ArrayList<>();
    List<Map<String, Object>> phones = new ArrayList<>();
    for (Contact c : partner.profile().contacts()) {
      Map<String, Object> contact = new LinkedHashMap<>();
      contact.put("id", c.id());
      contact.put("organization_id", partner.id());
      put(contact, "name", c.name());
      put(contact, "title", c.title());
      put(contact, "email", c.email());
      if (c.phone() != null) {
        Map<String, Object> phone = phone(derivedId(c.id(), "phone"), c.phone());
        phone.put("contact_id", c.id());
        contact.put("phones", List.of(phone));
        phones.add(phone);
      }
      contacts.add(contact);
    }
    org.put("contacts", contacts);
    org.put("phones", phones);
    List<Map<String, Object>> exported = new ArrayList<>();
    for (Location l : locations) {
      exported.add(location(partner, l));
    }
    org.put("locations", exported);
    return org;
  }

  private static Map<String, Object> location(Partner partner, Location l) {
    Map<String, Object> location = new LinkedHashMap<>();
    location.put("id", l.id());
    location.put("location_type", "physical");
    location.put("organization_id", partner.id());
    put(location, "name", l.name());
    if (l.point() != null) {
      location.put("latitude", l.point().latitude());
      location.put("longitude", l.point().longitude());
    }
    if (l.address() != null) {
      Address a = l.address();
      Map<String, Object> address = new LinkedHashMap<>();
      address.put("id", derivedId(l.id(), "address"));
      address.put("location_id", l.id());
      address.put("address_1", a.lines().isEmpty() ? "" : a.lines().get(0));
      if (a.lines().size() > 1) {
        address.put("address_2", String.join(", ", a.lines().subList(1, a.lines().size())));
      }
      address.put("city", nn(a.locality()));
      address.put("state_province", nn(a.region()));
      address.put("postal_code", nn(a.postalCode()));
      address.put("country", nn(a.country()));
      address.put("address_type", "physical");
      location.put("addresses", List.of(address));
    }
    return location;
  }

  private Map<String, Object> service(Partner partner, Service s, Set<String> publicLocationIds) {
    Map<String, Object> service = new LinkedHashMap<>();
    service.put("id", s.id());
    service.put("organization_id", partner.id());
    service.put("name", s.name());
    put(service, "description", s.description());
    service.put("status", "active");
    put(service, "fees_description", s.fees());
    if (s.eligibility().minAge() != null) {
      service.put("minimum_age", s.eligibility().minAge());
    }
    if (s.eligibility().maxAge() != null) {
      service.put("maximum_age", s.eligibility().maxAge());
    }
    if (partner.updateTime() != null) {
      service.put("last_modified", partner.updateTime().toString());
    }
    List<Map<String, Object>> languages = new ArrayList<>();
    for (String code : s.languages().isEmpty() ? partner.profile().languages() : s.languages()) {
      Map<String, Object> language = new LinkedHashMap<>();
      language.put("id", derivedId(s.id(), "language", code));
      language.put("service_id", s.id());
      language.put("name", code);
      language.put("code", code);
      languages.add(language);
    }
    service.put("languages", languages);
    service.put("schedules", Schedules.write(s.id(), s.hours(), s.schedule()));
    // a service that takes referrals is reached through the partner's referral intake line
    List<Map<String, Object>> servicePhones = new ArrayList<>();
    if (s.acceptingReferrals()) {
      for (Contact c : partner.profile().contacts()) {
        if (c.purpose() == Contact.Purpose.REFERRAL_INTAKE && c.phone() != null) {
          Map<String, Object> phone = phone(derivedId(s.id(), "phone", c.id()), c.phone());
          phone.put("service_id", s.id());
          phone.put("description", "Referral intake");
          servicePhones.add(phone);
        }
      }
    }
    service.put("phones", servicePhones);
    List<Map<String, Object>> areas = new ArrayList<>();
    for (String area : partner.profile().serviceAreas()) {
      Map<String, Object> serviceArea = new LinkedHashMap<>();
      serviceArea.put("id", derivedId(s.id(), "area", area));
      serviceArea.put("service_id", s.id());
      serviceArea.put("name", area);
      areas.add(serviceArea);
    }
    service.put("service_areas", areas);
    List<Map<String, Object>> atLocations = new ArrayList<>();
    for (Location l : s.at(partner.profile().locations())) {
      if (publicLocationIds.contains(l.id())) {
        Map<String, Object> sal = new LinkedHashMap<>();
        sal.put("id", derivedId(s.id(), "at", l.id()));
        sal.put("service_id", s.id());
        sal.put("location_id", l.id());
        atLocations.add(sal);
      }
    }
    service.put("service_at_locations", atLocations);
    List<Map<String, Object>> attributes = new ArrayList<>();
    for (String code : s.taxonomyCodes()) {
      taxonomy.term(code).ifPresent(term -> attributes.add(attribute(s, term)));
    }
    service.put("attributes", attributes);
    return service;
  }

  private static Map<String, Object> attribute(Service s, TaxonomyTerm term) {
    String termId = derivedId(TAXONOMY_NAME, "term", term.code());
    Map<String, Object> taxonomyTerm = new LinkedHashMap<>();
    taxonomyTerm.put("id", termId);
    taxonomyTerm.put("code", term.code());
    taxonomyTerm.put("name", term.name());
    taxonomyTerm.put("description", term.description());
    if (term.parentCode() != null) {
      taxonomyTerm.put("parent_id", derivedId(TAXONOMY_NAME, "term", term.parentCode()));
    }
    taxonomyTerm.put("taxonomy", TAXONOMY_NAME);
    Map<String, Object> attribute = new LinkedHashMap<>();
    attribute.put("id", derivedId(s.id(), "attribute", term.code()));
    attribute.put("link_id", s.id());
    attribute.put("link_type", "service");
    attribute.put("link_entity", "service");
    attribute.put("taxonomy_term_id", termId);
    attribute.put("taxonomy_term", taxonomyTerm);
    return attribute;
  }

  /** A stored number "…  x123" is an HSDS number with an extension. */
  private static final java.util.regex.Pattern EXTENSION = java.util.regex.Pattern.compile("(.*?)\\s*x\\s*(\\d{1,9})");

  private static Map<String, Object> phone(String id, String number) {
    Map<String, Object> phone = new LinkedHashMap<>();
    phone.put("id", id);
    java.util.regex.Matcher m = EXTENSION.matcher(number);
    if (m.matches() && !m.group(1).isBlank()) {
      phone.put("number", m.group(1).trim());
      phone.put("extension", Long.parseLong(m.group(2)));
    } else {
      phone.put("number", number);
    }
    phone.put("type", "voice");
    return phone;
  }

  private static void put(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }

  private static String nn(String s) {
    return s == null ? "" : s;
  }
}
