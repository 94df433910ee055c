package org.partnernet.referral.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.partnernet.api.referral.v1.AgeRange;
import org.partnernet.api.referral.v1.AnswerCapacityCheckRequest;
import org.partnernet.api.referral.v1.CapacityAnswer;
import org.partnernet.api.referral.v1.CapacityAnswerKind;
import org.partnernet.api.referral.v1.CreateCapacityCheckRequest;
import org.partnernet.referral.capacity.CapacityCheck;
import org.partnernet.referral.capacity.CapacityDesk;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.id.Ids;

/** Anonymous capacity checks: validation at the edge, proto ⇄ domain only. */
final class CapacityEndpoint {

  private final CapacityDesk desk;
  private final java.time.Clock clock;

  CapacityEndpoint(CapacityDesk desk, java.time.Clock clock) {
    this.desk = desk;
    this.clock = clock;
  }

  org.partnernet.api.referral.v1.CapacityCheck create(CreateCapacityCheckRequest request) {
    Caller caller = Caller.current();
    var c = request.getCapacityCheck();
    Violations v = new Violations();
    ReferralGrpcService.requestId(v, request.getRequestId());
    ReferralGrpcService.codes(v, c.getNeedsList(), 1, 20, "capacity_check.needs");
    int min = c.getAgeRange().getMinAge();
    int max = c.getAgeRange().getMaxAge();
    v.check(min >= 0 && max <= 120 && min <= max, "capacity_check.age_range", "must be 0 to 120, min <= max");
    ReferralGrpcService.codes(v, c.getLanguagesList(), 0, 10, "capacity_check.languages");
    v.check(c.getGender().isEmpty() || ReferralGrpcService.CODE.matcher(c.getGender()).matches(),
        "capacity_check.gender", "must be a short code");
    v.check(ProtoMapping.urgency(c.getUrgency()) != null, "capacity_check.urgency", "is required");
    v.check(c.getTimeframe().isEmpty() || ReferralGrpcService.CODE.matcher(c.getTimeframe()).matches(),
        "capacity_check.timeframe", "must be a short code");
    v.check(c.getAskedPartnersCount() > 0 && c.getAskedPartnersCount() <= 20, "capacity_check.asked_partners",
        "must name 1 to 20 partners");
    for (int i = 0; i < c.getAskedPartnersCount(); i++) {
      v.check(Ids.isId(c.getAskedPartners(i)), "capacity_check.asked_partners[" + i + "]", "must be a partner id");
    }
    v.check(new HashSet<>(c.getAskedPartnersList()).size() == c.getAskedPartnersCount(),
        "capacity_check.asked_partners", "must not repeat a partner");
    v.throwIfAny();
    CapacityCheck asked = desk.ask(caller, new CapacityCheck.Question(c.getNeedsList(), min, max, c.getGender(),
            c.getLanguagesList(), ProtoMapping.urgency(c.getUrgency()), c.getTimeframe(), c.getAskedPartnersList()),
        request.getRequestId(), ProtoMapping.fingerprint(request.toBuilder().clearRequestId().build()));
    return toProto(asked);
  }

  org.partnernet.api.referral.v1.CapacityCheck get(String check) {
    Caller caller = Caller.current();
    String id = id(check);
    if (!Ids.isId(id)) {
      throw CapacityDesk.notFound();
    }
    return toProto(desk.get(caller, id));
  }

  org.partnernet.api.referral.v1.CapacityCheck answer(AnswerCapacityCheckRequest request) {
    Caller caller = Caller.current();
    Violations v = new Violations();
    ReferralGrpcService.requestId(v, request.getRequestId());
    CapacityCheck.Kind kind = kind(request.getAnswer());
    v.check(kind != null, "answer", "is required");
    v.maxLength(request.getNote(), 500, "note");
    v.throwIfAny();
    String id = id(request.getCheck());
    if (!Ids.isId(id)) {
      throw CapacityDesk.notFound();
    }
    return toProto(desk.answer(caller, id, kind, request.getNote(), request.getRequestId()));
  }

  private static String id(String nameOrId) {
    return nameOrId.startsWith("capacityChecks/") ? nameOrId.substring("capacityChecks/".length()) : nameOrId;
  }

  private static CapacityCheck.Kind kind(CapacityAnswerKind kind) {
    return switch (kind) {
      case CAPACITY_ANSWER_KIND_CAPACITY -> CapacityCheck.Kind.CAPACITY;
      case CAPACITY_ANSWER_KIND_NO_CAPACITY -> CapacityCheck.Kind.NO_CAPACITY;
      case CAPACITY_ANSWER_KIND_WAITLIST -> CapacityCheck.Kind.WAITLIST;
      case CAPACITY_ANSWER_KIND_ASSESSMENT_REQUIRED -> CapacityCheck.Kind.ASSESSMENT_REQUIRED;
      default -> null;
    };
  }

  private org.partnernet.api.referral.v1.CapacityCheck toProto(CapacityCheck c) {
    List<CapacityAnswer> answers = new ArrayList<>();
    c.answers().forEach((partner, a) -> answers.add(CapacityAnswer.newBuilder().setPartner(partner)
        .setAnswer(CapacityAnswerKind.valueOf("CAPACITY_ANSWER_KIND_" + a.kind().name()))
        .setNote(a.note()).setAnswerTime(ProtoMapping.timestamp(a.time())).build()));
    return org.partnernet.api.referral.v1.CapacityCheck.newBuilder()
        .setName("capacityChecks/" + c.id())
        .setAskerPartner(c.askerPartner())
        .addAllNeeds(c.needs())
        .setAgeRange(AgeRange.newBuilder().setMinAge(c.minAge()).setMaxAge(c.maxAge()))
        .setGender(c.gender())
        .addAllLanguages(c.languages())
        .setUrgency(ProtoMapping.urgency(c.urgency()))
        .setTimeframe(c.timeframe())
        .addAllAskedPartners(c.askedPartners())
        .addAllAnswers(answers)
        .setCreateTime(ProtoMapping.timestamp(c.createTime()))
        .setExpireTime(ProtoMapping.timestamp(c.expireTime()))
        .setExpired(c.expired(clock.instant()))
        .build();
  }
}
