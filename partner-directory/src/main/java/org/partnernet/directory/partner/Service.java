package org.partnernet.directory.partner;

import java.util.List;

/**
 * A service a partner offers. Capacity is reported separately (UpdateCapacity) and is not part of a profile update.
 *
 * @param locationIds the partner's locations where it is given; empty means all of them
 * @param schedule    free text for what the weekly {@code hours} cannot say (holidays, "by appointment")
 * @param hours       weekly opening hours
 */
public record Service(String id, String name, String description, List<String> taxonomyCodes, Eligibility eligibility,
                      List<String> languages, String fees, String schedule, Capacity capacity,
                      boolean acceptingReferrals, List<String> locationIds, List<ReferralIntake.OpeningHours> hours) {

  public Service {
    taxonomyCodes = taxonomyCodes == null ? List.of() : List.copyOf(taxonomyCodes);
    languages = languages == null ? List.of() : List.copyOf(languages);
    locationIds = locationIds == null ? List.of() : List.copyOf(locationIds);
    eligibility = eligibility == null ? Eligibility.ANYONE : eligibility;
    hours = hours == null ? List.of() : List.copyOf(hours);
  }

  /** A service without structured opening hours. */
  public Service(String id, String name, String description, List<String> taxonomyCodes, Eligibility eligibility,
                 List<String> languages, String fees, String schedule, Capacity capacity, boolean acceptingReferrals,
                 List<String> locationIds) {
    this(id, name, description, taxonomyCodes, eligibility, languages, fees, schedule, capacity, acceptingReferrals,
        locationIds, List.of());
  }

  public Service withCapacity(Capacity newCapacity) {
    return new Service(id, name, description, taxonomyCodes, eligibility, languages, fees, schedule, newCapacity,
        acceptingReferrals, locationIds, hours);
  }

  public Service withId(String newId) {
    return new Service(newId, name, description, taxonomyCodes, eligibility, languages, fees, schedule, capacity,
        acceptingReferrals, locationIds, hours);
  }

  /** The service's locations among the partner's. */
  public List<Location> at(List<Location> partnerLocations) {
    if (locationIds.isEmpty()) {
      return partnerLocations;
    }
    return partnerLocations.stream().filter(l -> locationIds.contains(l.id())).toList();
  }
}
