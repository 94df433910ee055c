package org.partnernet.directory.partner;

import java.util.List;

/** Who a service is for; null bounds and empty lists mean "no restriction". */
public record Eligibility(Integer minAge, Integer maxAge, List<Gender> genders, List<Population> populations) {

  public static final Eligibility ANYONE = new Eligibility(null, null, List.of(), List.of());

  public Eligibility {
    genders = genders == null ? List.of() : List.copyOf(genders);
    populations = populations == null ? List.of() : List.copyOf(populations);
  }

  public enum Gender { FEMALE, MALE, NON_BINARY }

  public enum Population { MINORS, ADULTS, FOREIGN_NATIONALS, LGBTQ, FAMILIES, PEOPLE_WITH_DISABILITIES }
}
