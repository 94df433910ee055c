package org.partnernet.referral.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.partnernet.api.referral.v1.AgeRange;
import org.partnernet.api.referral.v1.AuditRecord;
import org.partnernet.api.referral.v1.Consent;
import org.partnernet.api.referral.v1.ConsentMethod;
import org.partnernet.api.referral.v1.ConsentState;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.Disclosure;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.ReferralState;
import org.partnernet.api.referral.v1.ReferralSummary;
import org.partnernet.api.referral.v1.StateChange;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.consent.Category;
import org.partnernet.servicekit.error.InvalidArgumentException;

/** Proto ⇄ domain. Nothing here decides anything. */
final class ProtoMapping {

  private ProtoMapping() {}

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  /** A request's identity for idempotency: SHA-256 of its bytes (request id and personal data already cleared). */
  static String fingerprint(Message request) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pageToken(String value) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  static String fromPageToken(String token, String field) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(field, "is not a page token this service issued");
    }
  }

  /** Accepts {@code consents/{id}} or the bare id. */
  static String consentId(String nameOrId) {
    return nameOrId.startsWith("consents/") ? nameOrId.substring("consents/".length()) : nameOrId;
  }

  static String referralId(String nameOrId) {
    return nameOrId.startsWith("referrals/") ? nameOrId.substring("referrals/".length()) : nameOrId;
  }

  // ----------------------------------------------------------------- enums

  static Category category(DataCategory category) {
    return switch (category) {
      case DATA_CATEGORY_IDENTITY -> Category.IDENTITY;
      case DATA_CATEGORY_CONTACT -> Category.CONTACT;
      case DATA_CATEGORY_DEMOGRAPHICS -> Category.DEMOGRAPHICS;
      case DATA_CATEGORY_NEEDS -> Category.NEEDS;
      case DATA_CATEGORY_SAFETY -> Category.SAFETY;
      case DATA_CATEGORY_HISTORY -> Category.HISTORY;
      default -> null;
    };
  }

  static DataCategory category(Category category) {
    return DataCategory.valueOf("DATA_CATEGORY_" + category.name());
  }

  static Iterable<DataCategory> categories(Set<Category> categories) {
    return categories.stream().sorted().map(ProtoMapping::category).toList();
  }

  static org.partnernet.referral.lifecycle.Urgency urgency(Urgency urgency) {
    return switch (urgency) {
      case URGENCY_EMERGENCY -> org.partnernet.referral.lifecycle.Urgency.EMERGENCY;
      case URGENCY_URGENT -> org.partnernet.referral.lifecycle.Urgency.URGENT;
      case URGENCY_ROUTINE -> org.partnernet.referral.lifecycle.Urgency.ROUTINE;
      default -> null;
    };
  }

  static Urgency urgency(org.partnernet.referral.lifecycle.Urgency urgency) {
    return Urgency.valueOf("URGENCY_" + urgency.name());
  }

  static ReferralState state(org.partnernet.referral.lifecycle.ReferralState state) {
    return ReferralState.valueOf("REFERRAL_STATE_" + state.name());
  }

  static org.partnernet.referral.lifecycle.ReferralState state(ReferralState state) {
    if (state == ReferralState.REFERRAL_STATE_UNSPECIFIED || state == ReferralState.UNRECOGNIZED) {
      return null;
    }
    return org.partnernet.referral.lifecycle.ReferralState.valueOf(
        state.name().substring("REFERRAL_STATE_".length()));
  }

  static org.partnernet.referral.consent.Consent.Method method(ConsentMethod method) {
    return switch (method) {
      case CONSENT_METHOD_WRITTEN -> org.partnernet.referral.consent.Consent.Method.WRITTEN;
      case CONSENT_METHOD_VERBAL_WITNESSED -> org.partnernet.referral.consent.Consent.Method.VERBAL_WITNESSED;
      case CONSENT_METHOD_ELECTRONIC -> org.partnernet.referral.consent.Consent.Method.ELECTRONIC;
      default -> null;
    };
  }

  // ----------------------------------------------------------------- disclosure

  /** The categories a disclosure carries: one per sub-message present. */
  static Set<Category> categoriesOf(Disclosure disclosure) {
    Set<Category> present = EnumSet.noneOf(Category.class);
    if (disclosure.hasIdentity()) {
      present.add(Category.IDENTITY);
    }
    if (disclosure.hasContact()) {
      present.add(Category.CONTACT);
    }
    if (disclosure.hasDemographics()) {
      present.add(Category.DEMOGRAPHICS);
    }
    if (disclosure.hasNeeds()) {
      present.add(Category.NEEDS);
    }
    if (disclosure.hasSafety()) {
      present.add(Category.SAFETY);
    }
    if (disclosure.hasHistory()) {
      present.add(Category.HISTORY);
    }
    return present;
  }

  /** The disclosure with every category outside {@code allowed} removed. */
  static Disclosure restrict(Disclosure disclosure, Set<Category> allowed) {
    Disclosure.Builder builder = disclosure.toBuilder();
    if (!allowed.contains(Category.IDENTITY)) {
      builder.clearIdentity();
    }
    if (!allowed.contains(Category.CONTACT)) {
      builder.clearContact();
    }
    if (!allowed.contains(Category.DEMOGRAPHICS)) {
      builder.clearDemographics();
    }
    if (!allowed.contains(Category.NEEDS)) {
      builder.clearNeeds();
    }
    if (!allowed.contains(Category.SAFETY)) {
      builder.clearSafety();
    }
    if (!allowed.contains(Category.HISTORY)) {
      builder.clearHistory();
    }
    return builder.build();
  }

  static Disclosure parseDisclosure(byte[] bytes) {
    try {
      return Disclosure.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a stored disclosure does not parse");
    }
  }

  // ----------------------------------------------------------------- resources

  static Referral referral(org.partnernet.referral.lifecycle.Referral r) {
    Referral.Builder b = Referral.newBuilder()
        .setName("referrals/" + r.id())
        .setId(r.id())
        .setNetworkId(r.networkId())
        .setSenderPartner(r.senderPartner())
        .setSenderUser(r.senderUser())
        .setRecipientPartner(r.recipientPartner())
        .addAllRequestedServices(r.requestedServices())
        .setUrgency(urgency(r.urgency()))
        .setSummary(ReferralSummary.newBuilder()
            .setAgeRange(AgeRange.newBuilder().setMinAge(r.summary().minAge()).setMaxAge(r.summary().maxAge()))
            .addAllLanguages(r.summary().languages())
            .addAllNeeds(r.summary().needs())
            .setGender(r.summary().gender()))
        .setState(state(r.state()))
        .setRespondBy(timestamp(r.respondBy()))
        .setCreateTime(timestamp(r.createTime()))
        .setUpdateTime(timestamp(r.updateTime()))
        .setVersion(r.version());
    if (r.consentId() != null) {
      b.setConsent("consents/" + r.consentId());
    }
    if (r.disclosure() != null) {
      b.addAllDisclosureCategories(categories(r.disclosure().categories()))
          .setDisclosureShredded(r.disclosure().isShredded());
    }
    if (r.forwardedFrom() != null) {
      b.setForwardedFrom("referrals/" + r.forwardedFrom());
    }
    if (r.forwardedTo() != null) {
      b.setForwardedTo("referrals/" + r.forwardedTo());
    }
    for (org.partnernet.referral.lifecycle.Referral.StateChange c : r.history()) {
      StateChange.Builder change = StateChange.newBuilder()
          .setToState(state(c.to()))
          .setActor(c.actor())
          .setActorPartner(c.actorPartner() == null ? "" : c.actorPartner())
          .setTime(timestamp(c.time()))
          .setReason(c.reason() == null ? "" : c.reason());
      if (c.from() != null) {
        change.setFromState(state(c.from()));
      }
      b.addHistory(change);
    }
    return b.build();
  }

  static Consent consent(org.partnernet.referral.consent.Consent c, Instant now) {
    Consent.Builder b = Consent.newBuilder()
        .setName("consents/" + c.id())
        .setId(c.id())
        .setNetworkId(c.networkId())
        .setClientId(c.clientId())
        .setMethod(ConsentMethod.valueOf("CONSENT_METHOD_" + c.method().name()))
        .setSenderPartner(c.senderPartner())
        .setRecordedBy(c.recordedBy())
        .setGiveTime(timestamp(c.giveTime()))
        .addAllRecipientPartners(c.recipientPartners())
        .addAllPurposes(c.purposes())
        .addAllCategories(categories(c.categories()))
        .setExpireTime(timestamp(c.expireTime()))
        .setLanguage(c.language() == null ? "" : c.language())
        .setState(ConsentState.valueOf("CONSENT_STATE_" + c.state(now).name()))
        .setCreateTime(timestamp(c.createTime()));
    if (c.revokeTime() != null) {
      b.setRevokeTime(timestamp(c.revokeTime())).setRevokedBy(c.revokedBy());
    }
    return b.build();
  }

  static AuditRecord audit(org.partnernet.referral.audit.AuditRecord r) {
    return AuditRecord.newBuilder()
        .setChain(r.chain())
        .setSequence(r.sequence())
        .setTime(timestamp(r.time()))
        .setActor(r.actor())
        .setActorPartner(r.actorPartner())
        .setAction(r.action())
        .addAllCategories(categories(r.categories()))
        .setReason(r.reason())
        .setPreviousHash(r.previousHash())
        .setHash(r.hash())
        .build();
  }
}
