package org.partnernet.directory.partner;

import java.util.List;

/** A postal address; for a confidential location, lines and postal code are the secret part. */
public record Address(List<String> lines, String locality, String region, String postalCode, String country) {

  public Address {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  /** What the public may know: the area only. */
  Address areaOnly() {
    return new Address(List.of(), locality, region, null, country);
  }
}
