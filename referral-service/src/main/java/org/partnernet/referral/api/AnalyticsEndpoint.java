package org.partnernet.referral.api;

import com.google.protobuf.Duration;
import org.partnernet.api.referral.v1.DeclineReasonCount;
import org.partnernet.api.referral.v1.GetReferralAnalyticsRequest;
import org.partnernet.api.referral.v1.GetReferralAnalyticsResponse;
import org.partnernet.api.referral.v1.StateUrgencyCount;
import org.partnernet.api.referral.v1.SuppressibleCount;
import org.partnernet.api.referral.v1.TimeToAccept;
import org.partnernet.api.referral.v1.UnmetNeed;
import org.partnernet.referral.analytics.NetworkAnalytics;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.Violations;

/** Coordinators' network aggregates: the report is suppressed already, this only translates it. */
final class AnalyticsEndpoint {

  private final NetworkAnalytics analytics;

  AnalyticsEndpoint(NetworkAnalytics analytics) {
    this.analytics = analytics;
  }

  GetReferralAnalyticsResponse report(GetReferralAnalyticsRequest request) {
    Caller caller = Caller.current();
    var from = request.hasStartTime() ? ProtoMapping.instant(request.getStartTime()) : null;
    var to = request.hasEndTime() ? ProtoMapping.instant(request.getEndTime()) : null;
    Violations v = new Violations();
    v.check(from == null || to == null || to.isAfter(from), "end_time", "must be after start_time");
    v.throwIfAny();
    NetworkAnalytics.Report report = analytics.report(caller, from, to);
    GetReferralAnalyticsResponse.Builder out = GetReferralAnalyticsResponse.newBuilder();
    for (NetworkAnalytics.StateUrgency row : report.counts()) {
      out.addCounts(StateUrgencyCount.newBuilder().setState(ProtoMapping.state(row.state()))
          .setUrgency(ProtoMapping.urgency(row.urgency())).setCount(row.tally().count())
          .setSuppressed(row.tally().suppressed()));
    }
    out.setTotal(StateUrgencyCount.newBuilder().setCount(report.total().count())
        .setSuppressed(report.total().suppressed()));
    for (NetworkAnalytics.AcceptTimes row : report.timeToAccept()) {
      TimeToAccept.Builder times = TimeToAccept.newBuilder().setRecipientPartner(row.recipientPartner())
          .setAccepted(count(row.accepted())).setStatisticsSuppressed(row.median() == null);
      if (row.median() != null) {
        times.setMedian(duration(row.median())).setP90(duration(row.p90()));
      }
      out.addTimeToAccept(times);
    }
    report.declineReasons().forEach(r -> out.addDeclineReasons(DeclineReasonCount.newBuilder()
        .setReason(r.reason()).setCount(r.count())));
    out.setOtherDeclineReasons(count(report.otherDeclineReasons()));
    report.unmetNeeds().forEach(u -> out.addUnmetNeeds(UnmetNeed.newBuilder().setService(u.service())
        .setDeclinedOrExpired(count(u.declinedOrExpired())).setNoCapacityAnswers(count(u.noCapacityAnswers()))));
    return out.build();
  }

  private static SuppressibleCount count(NetworkAnalytics.Tally tally) {
    return SuppressibleCount.newBuilder().setCount(tally.count()).setSuppressed(tally.suppressed()).build();
  }

  private static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }
}
