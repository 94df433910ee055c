package org.partnernet.directory.partner;

import java.util.List;

/** When a partner takes in referrals. */
public record ReferralIntake(boolean aroundTheClock, List<OpeningHours> hours, String notes) {

  public ReferralIntake {
    hours = hours == null ? List.of() : List.copyOf(hours);
  }

  /** ISO day of week 1-7, local "HH:MM" times. */
  public record OpeningHours(int dayOfWeek, String opens, String closes) {}
}
