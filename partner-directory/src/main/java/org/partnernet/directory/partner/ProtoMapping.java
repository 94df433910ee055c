package org.partnernet.directory.partner;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.List;
import org.partnernet.api.directory.v1.CapacityStatus;
import org.partnernet.api.directory.v1.ContactPurpose;
import org.partnernet.api.directory.v1.Gender;
import org.partnernet.api.directory.v1.OpeningHours;
import org.partnernet.api.directory.v1.Population;
import org.partnernet.api.type.v1.GeoPoint;

/** Proto ⇄ domain for the directory's messages; no rules here. */
public final class ProtoMapping {

  private ProtoMapping() {}

  // ---- enums: the proto names are the domain names with a prefix; UNSPECIFIED (and unknown numbers) mean null

  public static PartnerKind kind(org.partnernet.api.directory.v1.PartnerKind kind) {
    return fromProto(kind, "PARTNER_KIND_", PartnerKind.class, "kind");
  }

  public static org.partnernet.api.directory.v1.PartnerKind kind(PartnerKind kind) {
    return kind == null ? org.partnernet.api.directory.v1.PartnerKind.PARTNER_KIND_UNSPECIFIED
        : org.partnernet.api.directory.v1.PartnerKind.valueOf("PARTNER_KIND_" + kind.name());
  }

  public static PartnerStatus status(org.partnernet.api.directory.v1.PartnerStatus status) {
    return fromProto(status, "PARTNER_STATUS_", PartnerStatus.class, "status");
  }

  public static org.partnernet.api.directory.v1.PartnerStatus status(PartnerStatus status) {
    return org.partnernet.api.directory.v1.PartnerStatus.valueOf("PARTNER_STATUS_" + status.name());
  }

  public static Eligibility.Population population(Population p) {
    return fromProto(p, "POPULATION_", Eligibility.Population.class, "population");
  }

  /**
   * Unset maps to null; a number the API does not define (JSON may carry any, and proto3 keeps it as UNRECOGNIZED,
   * whose number cannot even be read) is refused naming {@code field}.
   */
  private static <E extends Enum<E>> E fromProto(com.google.protobuf.ProtocolMessageEnum value, String prefix,
                                                 Class<E> type, String field) {
    if (value != null && value.toString().equals("UNRECOGNIZED")) {
      throw new org.partnernet.servicekit.error.InvalidArgumentException(field, "is not a known value");
    }
    if (value == null || value.getNumber() == 0) {
      return null;
    }
    return Enum.valueOf(type, value.toString().substring(prefix.length()));
  }

  // ---- profile (what a caller sends)

  public static Profile profile(org.partnernet.api.directory.v1.Partner p) {
    return new Profile(p.getName(), p.getAlternateNamesList(), kind(p.getKind()), emptyToNull(p.getDescription()),
        emptyToNull(p.getWebsite()), emptyToNull(p.getEmail()),
        p.getContactsList().stream().map(c -> new Contact(emptyToNull(c.getId()),
            fromProto(c.getPurpose(), "CONTACT_PURPOSE_", Contact.Purpose.class, "contacts.purpose"), c.getName(),
            emptyToNull(c.getTitle()), emptyToNull(c.getEmail()), emptyToNull(c.getPhone()))).toList(),
        new ReferralIntake(p.getIntake().getAroundTheClock(), hours(p.getIntake().getHoursList()),
            emptyToNull(p.getIntake().getNotes())),
        p.getLocationsList().stream().map(ProtoMapping::location).toList(),
        p.getServicesList().stream().map(ProtoMapping::service).toList(),
        p.getServiceAreasList(), p.getLanguagesList());
  }

  static Location location(org.partnernet.api.directory.v1.Location l) {
    Address address = l.hasAddress() ? new Address(l.getAddress().getLinesList(),
        emptyToNull(l.getAddress().getLocality()), emptyToNull(l.getAddress().getRegion()),
        emptyToNull(l.getAddress().getPostalCode()), emptyToNull(l.getAddress().getCountry())) : null;
    org.partnernet.directory.partner.GeoPoint point = l.hasPoint()
        ? new org.partnernet.directory.partner.GeoPoint(l.getPoint().getLatitude(), l.getPoint().getLongitude()) : null;
    return new Location(emptyToNull(l.getId()), emptyToNull(l.getName()), address, point, l.getConfidential(), false);
  }

  static Service service(org.partnernet.api.directory.v1.Service s) {
    org.partnernet.api.directory.v1.Eligibility e = s.getEligibility();
    Eligibility eligibility = new Eligibility(e.hasMinAge() ? e.getMinAge() : null, e.hasMaxAge() ? e.getMaxAge() : null,
        e.getGendersList().stream().map(g -> fromProto(g, "GENDER_", Eligibility.Gender.class, "eligibility.genders"))
            .filter(java.util.Objects::nonNull).toList(),
        e.getPopulationsList().stream().map(ProtoMapping::population).filter(java.util.Objects::nonNull).toList());
    return new Service(emptyToNull(s.getId()), s.getName(), emptyToNull(s.getDescription()), s.getTaxonomyCodesList(),
        eligibility, s.getLanguagesList(), emptyToNull(s.getFees()), emptyToNull(s.getSchedule()), null,
        s.getAcceptingReferrals(), s.getLocationIdsList(), hours(s.getHoursList()));
  }

  private static List<ReferralIntake.OpeningHours> hours(List<OpeningHours> hours) {
    return hours.stream().map(h -> new ReferralIntake.OpeningHours(h.getDayOfWeek(), h.getOpens(), h.getCloses()))
        .toList();
  }

  public static Capacity capacity(org.partnernet.api.directory.v1.Capacity c) {
    return new Capacity(emptyToNull(c.getUnit()), c.getTotal(), c.getAvailable(), c.getWaitlist(),
        fromProto(c.getStatus(), "CAPACITY_STATUS_", Capacity.Status.class, "capacity.status"), null);
  }

  // ---- domain → proto

  /** A search's hits and facets as SearchServices answers them. */
  public static org.partnernet.api.directory.v1.SearchServicesResponse toProto(
      org.partnernet.directory.search.SearchResult result, String nextPageToken) {
    var out = org.partnernet.api.directory.v1.SearchServicesResponse.newBuilder().setTotalSize(result.total())
        .setNextPageToken(nextPageToken);
    for (org.partnernet.directory.search.ServiceHit hit : result.hits()) {
      var match = org.partnernet.api.directory.v1.ServiceMatch.newBuilder().setPartnerId(hit.partnerId())
          .setPartnerName(hit.partnerName()).setPartnerKind(kind(hit.partnerKind())).setService(toProto(hit.service()))
          .setScore(hit.score());
      hit.locations().forEach(l -> match.addLocations(toProto(l)));
      if (hit.distanceKm() != null) {
        match.setDistanceKm(Math.round(hit.distanceKm() * 100) / 100.0);
      }
      out.addMatches(match);
    }
    result.facets().forEach((dimension, values) -> {
      var facet = org.partnernet.api.directory.v1.Facet.newBuilder().setDimension(dimension);
      values.forEach((value, count) -> facet.addValues(
          org.partnernet.api.directory.v1.FacetValue.newBuilder().setValue(value).setCount(count)));
      out.addFacets(facet);
    });
    return out.build();
  }

  public static org.partnernet.api.directory.v1.Partner toProto(Partner p) {
    Profile f = p.profile();
    var b = org.partnernet.api.directory.v1.Partner.newBuilder()
        .setId(p.id()).setNetworkId(p.networkId()).setName(f.name()).addAllAlternateNames(f.alternateNames())
        .setKind(kind(f.kind())).setDescription(nn(f.description())).setWebsite(nn(f.website()))
        .setEmail(nn(f.email())).addAllServiceAreas(f.serviceAreas()).addAllLanguages(f.languages())
        .setStatus(status(p.status())).setStatusReason(nn(p.statusReason())).setVersion(p.version())
        .setCreateTime(timestamp(p.createTime())).setUpdateTime(timestamp(p.updateTime()));
    f.contacts().forEach(c -> b.addContacts(org.partnernet.api.directory.v1.Contact.newBuilder()
        .setId(nn(c.id())).setName(nn(c.name())).setTitle(nn(c.title())).setEmail(nn(c.email()))
        .setPhone(nn(c.phone())).setPurpose(c.purpose() == null ? ContactPurpose.CONTACT_PURPOSE_UNSPECIFIED
            : ContactPurpose.valueOf("CONTACT_PURPOSE_" + c.purpose().name()))));
    var intake = org.partnernet.api.directory.v1.ReferralIntake.newBuilder()
        .setAroundTheClock(f.intake().aroundTheClock()).setNotes(nn(f.intake().notes()));
    intake.addAllHours(hoursToProto(f.intake().hours()));
    b.setIntake(intake);
    f.locations().forEach(l -> b.addLocations(toProto(l)));
    f.services().forEach(s -> b.addServices(toProto(s)));
    if (p.verification() != null) {
      b.setVerification(org.partnernet.api.directory.v1.Verification.newBuilder()
          .setVerifiedBy(nn(p.verification().verifiedBy()))
          .setVerifyTime(timestamp(p.verification().verifyTime()))
          .setNextReviewTime(timestamp(p.verification().nextReviewTime())));
    }
    return b.build();
  }

  public static org.partnernet.api.directory.v1.Location toProto(Location l) {
    var b = org.partnernet.api.directory.v1.Location.newBuilder().setId(nn(l.id())).setName(nn(l.name()))
        .setConfidential(l.confidential()).setRedacted(l.redacted());
    if (l.address() != null) {
      Address a = l.address();
      b.setAddress(org.partnernet.api.type.v1.Address.newBuilder().addAllLines(a.lines()).setLocality(nn(a.locality()))
          .setRegion(nn(a.region())).setPostalCode(nn(a.postalCode())).setCountry(nn(a.country())));
    }
    if (l.point() != null) {
      b.setPoint(GeoPoint.newBuilder().setLatitude(l.point().latitude()).setLongitude(l.point().longitude()));
    }
    return b.build();
  }

  public static org.partnernet.api.directory.v1.Service toProto(Service s) {
    var e = org.partnernet.api.directory.v1.Eligibility.newBuilder();
    if (s.eligibility().minAge() != null) {
      e.setMinAge(s.eligibility().minAge());
    }
    if (s.eligibility().maxAge() != null) {
      e.setMaxAge(s.eligibility().maxAge());
    }
    s.eligibility().genders().forEach(g -> e.addGenders(Gender.valueOf("GENDER_" + g.name())));
    s.eligibility().populations().forEach(p -> e.addPopulations(Population.valueOf("POPULATION_" + p.name())));
    var b = org.partnernet.api.directory.v1.Service.newBuilder().setId(nn(s.id())).setName(nn(s.name()))
        .setDescription(nn(s.description())).addAllTaxonomyCodes(s.taxonomyCodes()).setEligibility(e)
        .addAllLanguages(s.languages()).setFees(nn(s.fees())).setSchedule(nn(s.schedule()))
        .setAcceptingReferrals(s.acceptingReferrals()).addAllLocationIds(s.locationIds())
        .addAllHours(hoursToProto(s.hours()));
    if (s.capacity() != null) {
      b.setCapacity(toProto(s.capacity()));
    }
    return b.build();
  }

  private static List<OpeningHours> hoursToProto(List<ReferralIntake.OpeningHours> hours) {
    return hours.stream().map(h -> OpeningHours.newBuilder().setDayOfWeek(h.dayOfWeek()).setOpens(nn(h.opens()))
        .setCloses(nn(h.closes())).build()).toList();
  }

  public static org.partnernet.api.directory.v1.Capacity toProto(Capacity c) {
    var b = org.partnernet.api.directory.v1.Capacity.newBuilder().setUnit(nn(c.unit())).setTotal(c.total())
        .setAvailable(c.available()).setWaitlist(c.waitlist())
        .setStatus(c.status() == null ? CapacityStatus.CAPACITY_STATUS_UNSPECIFIED
            : CapacityStatus.valueOf("CAPACITY_STATUS_" + c.status().name()));
    if (c.updateTime() != null) {
      b.setUpdateTime(timestamp(c.updateTime()));
    }
    return b.build();
  }

  public static Timestamp timestamp(Instant instant) {
    if (instant == null) {
      return Timestamp.getDefaultInstance();
    }
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  static List<String> nonEmpty(List<String> values) {
    return values.stream().filter(v -> v != null && !v.isEmpty()).toList();
  }

  private static String nn(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
