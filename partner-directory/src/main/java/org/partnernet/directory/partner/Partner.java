package org.partnernet.directory.partner;

import java.time.Instant;
import java.util.List;
import org.partnernet.servicekit.error.FailedPreconditionException;

/**
 * An organisation of the coalition.
 *
 * @param registrantUserId who registered it (approval makes them its partner-admin); null for imported partners
 * @param version          optimistic concurrency: bumped by every profile or status change
 */
public record Partner(String id, String networkId, Profile profile, PartnerStatus status, String statusReason,
                      Verification verification, String registrantUserId, long version, Instant createTime,
                      Instant updateTime) {

  public static Partner registered(String id, String networkId, Profile profile, String registrantUserId, Instant now) {
    return new Partner(id, networkId, profile.withIds(), PartnerStatus.PENDING, null, null, registrantUserId, 1, now,
        now);
  }

  public Partner withProfile(Profile newProfile, Instant now) {
    return new Partner(id, networkId, newProfile.withIds(), status, statusReason, verification, registrantUserId,
        version + 1, createTime, now);
  }

  /** Vetted by a coordinator now: ACTIVE, next review in a year. */
  public Partner approvedBy(String coordinator, Instant now) {
    requireTransition(PartnerStatus.ACTIVE);
    return new Partner(id, networkId, profile, PartnerStatus.ACTIVE, null, Verification.by(coordinator, now),
        registrantUserId, version + 1, createTime, now);
  }

  public Partner suspended(String reason, Instant now) {
    requireTransition(PartnerStatus.SUSPENDED);
    return new Partner(id, networkId, profile, PartnerStatus.SUSPENDED, reason, verification, registrantUserId,
        version + 1, createTime, now);
  }

  /** Left the network for good: never approved again. */
  public Partner archived(String reason, Instant now) {
    requireTransition(PartnerStatus.ARCHIVED);
    return new Partner(id, networkId, profile, PartnerStatus.ARCHIVED, reason, verification, registrantUserId,
        version + 1, createTime, now);
  }

  private void requireTransition(PartnerStatus next) {
    if (!status.canBecome(next)) {
      throw new FailedPreconditionException("PARTNER_" + status.name(),
          "the partner is " + status.name() + " and cannot become " + next.name());
    }
  }

  public boolean isActive() {
    return status == PartnerStatus.ACTIVE;
  }

  public String name() {
    return profile.name();
  }

  public List<Service> services() {
    return profile.services();
  }

  /**
   * The partner as a member of another organisation may see it: confidential locations reduced to their area and
   * a coarse point. Its own organisation sees everything.
   */
  public Partner seenBy(String organisationId) {
    if (id.equals(organisationId)) {
      return this;
    }
    Profile p = profile.withLocations(profile.locations().stream().map(Location::publicView).toList());
    return new Partner(id, networkId, p, status, statusReason, verification, null, version, createTime, updateTime);
  }

  /** True if a review is due at {@code now}. */
  public boolean reviewDue(Instant now) {
    return verification != null && !verification.nextReviewTime().isAfter(now);
  }
}
