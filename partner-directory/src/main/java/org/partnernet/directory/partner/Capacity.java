package org.partnernet.directory.partner;

import java.time.Instant;

/** How much a service can take right now; status after FHIR's capacity codes. */
public record Capacity(String unit, int total, int available, int waitlist, Status status, Instant updateTime) {

  public enum Status { AVAILABLE, NO_CAPACITY, WAITLIST, ADDITIONAL_ASSESSMENT_REQUIRED }

  /** True when someone could be taken in now. */
  public boolean hasRoom() {
    return status == Status.AVAILABLE && (total == 0 || available > 0);
  }
}
