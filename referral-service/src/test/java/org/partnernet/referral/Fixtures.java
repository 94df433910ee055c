package org.partnernet.referral;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.partnernet.api.referral.v1.AgeRange;
import org.partnernet.api.referral.v1.Consent;
import org.partnernet.api.referral.v1.ConsentMethod;
import org.partnernet.api.referral.v1.CreateConsentRequest;
import org.partnernet.api.referral.v1.CreateReferralRequest;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.Disclosure;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.ReferralSummary;
import org.partnernet.api.referral.v1.Urgency;

/** Requests the tests send, with personal data that is easy to recognise in a log line. */
public final class Fixtures {

  public static final String GIVEN_NAME = "Zerihunella";
  public static final String FAMILY_NAME = "Tesfamariamova";
  public static final String DATE_OF_BIRTH = "2009-03-17";
  public static final String PHONE = "+44 7700 900123";
  public static final String EMAIL = "zerihunella.t@example.org";
  public static final String ADDRESS = "17 Quillfeather Lane";
  public static final String SAFETY_NOTE = "Avoid contact with Mr Brankovich";
  public static final String NEEDS_NOTE = "Needs a Tigrinya interpreter urgently";
  public static final String IDENTIFIER = "PASSPORT-X99417723";
  public static final List<String> PERSONAL_DATA = List.of(GIVEN_NAME, FAMILY_NAME, DATE_OF_BIRTH, PHONE, EMAIL,
      ADDRESS, SAFETY_NOTE, NEEDS_NOTE, IDENTIFIER, "Brankovich", "Quillfeather", "X99417723");

  public static final String SHELTER_SERVICE = "emergency-shelter";

  private Fixtures() {}

  public static String requestId() {
    return UUID.randomUUID().toString();
  }

  public static Timestamp ts(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  public static Disclosure fullDisclosure() {
    return Disclosure.newBuilder()
        .setIdentity(Disclosure.Identity.newBuilder().setGivenName(GIVEN_NAME).setFamilyName(FAMILY_NAME)
            .setDateOfBirth(DATE_OF_BIRTH).addIdentifiers(IDENTIFIER))
        .setContact(Disclosure.Contact.newBuilder().setPhone(PHONE).setEmail(EMAIL).setAddress(ADDRESS))
        .setNeeds(Disclosure.Needs.newBuilder().setNotes(NEEDS_NOTE))
        .setSafety(Disclosure.Safety.newBuilder().setNotes(SAFETY_NOTE))
        .build();
  }

  public static CreateConsentRequest consent(Instant now, List<String> recipients, DataCategory... categories) {
    return CreateConsentRequest.newBuilder().setRequestId(requestId()).setConsent(Consent.newBuilder()
        .setClientId("client-" + UUID.randomUUID().toString().substring(0, 8))
        .setMethod(ConsentMethod.CONSENT_METHOD_WRITTEN)
        .addAllRecipientPartners(recipients)
        .addPurposes(SHELTER_SERVICE)
        .addAllCategories(List.of(categories))
        .setExpireTime(ts(now.plus(Duration.ofDays(30))))
        .setLanguage("ti")).build();
  }

  public static CreateReferralRequest referral(String recipient, Urgency urgency, String consentName,
                                               Disclosure disclosure) {
    CreateReferralRequest.Builder request = CreateReferralRequest.newBuilder().setRequestId(requestId())
        .setReferral(Referral.newBuilder()
            .setRecipientPartner(recipient)
            .addRequestedServices(SHELTER_SERVICE)
            .setUrgency(urgency)
            .setSummary(ReferralSummary.newBuilder().setAgeRange(AgeRange.newBuilder().setMinAge(16).setMaxAge(17))
                .addLanguages("ti").addNeeds(SHELTER_SERVICE).setGender("female"))
            .setConsent(consentName == null ? "" : consentName));
    if (disclosure != null) {
      request.setDisclosure(disclosure);
    }
    return request.build();
  }

  public static Status.Code codeOf(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  public static StatusRuntimeException failure(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }
}
