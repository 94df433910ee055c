package org.partnernet.directory;

import org.partnernet.api.directory.v1.Capacity;
import org.partnernet.api.directory.v1.CapacityStatus;
import org.partnernet.api.directory.v1.Contact;
import org.partnernet.api.directory.v1.ContactPurpose;
import org.partnernet.api.directory.v1.Eligibility;
import org.partnernet.api.directory.v1.Location;
import org.partnernet.api.directory.v1.Partner;
import org.partnernet.api.directory.v1.PartnerKind;
import org.partnernet.api.directory.v1.Service;
import org.partnernet.api.type.v1.Address;
import org.partnernet.api.type.v1.GeoPoint;
import org.partnernet.servicekit.id.Ids;

/** Partners as a client would send them. */
public final class Fixtures {

  public static final double RIVERTON_LAT = 41.5000;
  public static final double RIVERTON_LNG = -81.7000;

  private Fixtures() {}

  /** A shelter with a confidential address and an emergency-shelter service for women 16+ speaking Tigrinya. */
  public static Partner shelter(String name) {
    return Partner.newBuilder().setName(name).setKind(PartnerKind.PARTNER_KIND_SHELTER)
        .setDescription("A safe place for survivors.").setWebsite("https://shelter.localhost")
        .setEmail("intake@shelter.localhost").addLanguages("en").addLanguages("ti")
        .addContacts(Contact.newBuilder().setPurpose(ContactPurpose.CONTACT_PURPOSE_REFERRAL_INTAKE)
            .setName("Intake desk").setPhone("+1 555 0100"))
        .addLocations(Location.newBuilder().setName("Main house").setConfidential(true)
            .setAddress(Address.newBuilder().addLines("12 Hidden Lane").setLocality("Riverton").setRegion("RV")
                .setPostalCode("44101").setCountry("US"))
            .setPoint(GeoPoint.newBuilder().setLatitude(RIVERTON_LAT + 0.0123).setLongitude(RIVERTON_LNG + 0.0171)))
        .addServices(Service.newBuilder().setName("Emergency beds").setDescription("Safe beds tonight, 24/7 intake.")
            .addTaxonomyCodes("housing.emergency-shelter").setAcceptingReferrals(true)
            .setEligibility(Eligibility.newBuilder().setMinAge(16).setMaxAge(99)))
        .build();
  }

  /** A legal aid NGO with a public office. */
  public static Partner legalAid(String name) {
    return Partner.newBuilder().setName(name).setKind(PartnerKind.PARTNER_KIND_LEGAL)
        .setDescription("Free legal help for survivors.").addLanguages("en").addLanguages("es")
        .addLocations(Location.newBuilder().setName("Office")
            .setAddress(Address.newBuilder().addLines("400 Court Street").setLocality("Riverton").setCountry("US"))
            .setPoint(GeoPoint.newBuilder().setLatitude(RIVERTON_LAT - 0.01).setLongitude(RIVERTON_LNG - 0.02)))
        .addServices(Service.newBuilder().setName("Immigration relief")
            .setDescription("Applications for protection status.")
            .addTaxonomyCodes("legal.immigration").setAcceptingReferrals(true))
        .build();
  }

  public static Capacity beds(int total, int available) {
    return Capacity.newBuilder().setUnit("beds").setTotal(total).setAvailable(available)
        .setStatus(available > 0 ? CapacityStatus.CAPACITY_STATUS_AVAILABLE : CapacityStatus.CAPACITY_STATUS_NO_CAPACITY)
        .build();
  }

  public static String newOrg() {
    return Ids.newId();
  }
}
