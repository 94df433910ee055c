package org.partnernet.resources.training;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import org.partnernet.resources.geo.Place;
import org.partnernet.servicekit.error.Violations;

/** A new training programme as sent; {@link #validate} names every problem by its API field path. */
public record TrainingDraft(String title, String description, List<Audience> audiences, Format format,
                            List<String> languages, int durationMinutes, Place areaCenter, double areaRadiusKm,
                            String area, LocalDate availableFrom, LocalDate availableUntil) {

  static final int TITLE_MAX = 120;
  static final int DESCRIPTION_MAX = 2000;
  static final int AREA_MAX = 120;
  static final int LANGUAGES_MAX = 10;
  static final double AREA_RADIUS_MAX_KM = 500;

  public TrainingDraft {
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
    languages = languages == null ? List.of() : List.copyOf(languages);
  }

  /** Null fields ({@code areaCenter}, dates, enums) are reported missing; the endpoint already named bad values. */
  void validate(LocalDate today, Violations v) {
    v.requiredText(title, TITLE_MAX, "training.title");
    v.maxLength(description, DESCRIPTION_MAX, "training.description");
    v.check(!audiences.isEmpty(), "training.audiences", "must name at least one audience");
    v.check(new HashSet<>(audiences).size() == audiences.size(), "training.audiences", "must not repeat an audience");
    v.check(format != null, "training.format", "is required");
    v.check(!languages.isEmpty() && languages.size() <= LANGUAGES_MAX, "training.languages",
        "must name 1 to " + LANGUAGES_MAX + " languages");
    for (int i = 0; i < languages.size(); i++) {
      v.check(languages.get(i) != null && languages.get(i).matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}"),
          "training.languages[" + i + "]", "must be a BCP 47 language tag such as en or es");
    }
    v.check(durationMinutes >= 15 && durationMinutes <= 480, "training.duration_minutes",
        "must be between 15 and 480");
    v.check(areaCenter != null, "training.area_center", "is required");
    v.check(areaRadiusKm >= 1 && areaRadiusKm <= AREA_RADIUS_MAX_KM, "training.area_radius_km",
        "must be between 1 and " + AREA_RADIUS_MAX_KM);
    v.maxLength(area, AREA_MAX, "training.area");
    v.check(availableFrom != null, "training.available_from", "is required");
    v.check(availableUntil != null, "training.available_until", "is required");
    if (availableFrom != null && availableUntil != null) {
      v.check(!availableUntil.isBefore(availableFrom), "training.available_until", "must not be before available_from");
      v.check(!availableUntil.isBefore(today), "training.available_until", "must not be in the past");
      v.check(!availableUntil.isAfter(today.plusYears(2)), "training.available_until", "must be within two years");
    }
  }
}
