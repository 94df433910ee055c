package org.partnernet.directory.partner;

/**
 * A place where a partner works. A confidential location (a shelter) shows its street address and exact point only to
 * its own organisation; {@link #publicView()} is what everyone else gets, and all anyone else can search on.
 *
 * @param redacted true when this is the public view of a confidential location (never stored)
 */
public record Location(String id, String name, Address address, GeoPoint point, boolean confidential, boolean redacted) {

  public Location publicView() {
    if (!confidential || redacted) {
      return this;
    }
    return new Location(id, name, address == null ? null : address.areaOnly(), point == null ? null : point.coarse(),
        true, true);
  }

  /** The point anyone but the own organisation may search on. */
  public GeoPoint searchablePoint() {
    return publicView().point();
  }
}
