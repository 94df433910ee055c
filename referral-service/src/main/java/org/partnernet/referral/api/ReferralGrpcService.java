package org.partnernet.referral.api;

import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.AcceptReferralResponse;
import org.partnernet.api.referral.v1.AnswerCapacityCheckRequest;
import org.partnernet.api.referral.v1.AnswerCapacityCheckResponse;
import org.partnernet.api.referral.v1.Box;
import org.partnernet.api.referral.v1.CancelReferralRequest;
import org.partnernet.api.referral.v1.CancelReferralResponse;
import org.partnernet.api.referral.v1.CompleteReferralRequest;
import org.partnernet.api.referral.v1.CompleteReferralResponse;
import org.partnernet.api.referral.v1.CreateCapacityCheckRequest;
import org.partnernet.api.referral.v1.CreateCapacityCheckResponse;
import org.partnernet.api.referral.v1.CreateConsentRequest;
import org.partnernet.api.referral.v1.CreateConsentResponse;
import org.partnernet.api.referral.v1.CreateReferralMessageRequest;
import org.partnernet.api.referral.v1.CreateReferralMessageResponse;
import org.partnernet.api.referral.v1.CreateReferralRequest;
import org.partnernet.api.referral.v1.CreateReferralResponse;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.DataRead;
import org.partnernet.api.referral.v1.DeclineReferralRequest;
import org.partnernet.api.referral.v1.DeclineReferralResponse;
import org.partnernet.api.referral.v1.Disclosure;
import org.partnernet.api.referral.v1.FailReferralRequest;
import org.partnernet.api.referral.v1.FailReferralResponse;
import org.partnernet.api.referral.v1.ForwardReferralRequest;
import org.partnernet.api.referral.v1.ForwardReferralResponse;
import org.partnernet.api.referral.v1.GetCapacityCheckRequest;
import org.partnernet.api.referral.v1.GetCapacityCheckResponse;
import org.partnernet.api.referral.v1.GetConsentRequest;
import org.partnernet.api.referral.v1.GetConsentResponse;
import org.partnernet.api.referral.v1.GetReferralAnalyticsRequest;
import org.partnernet.api.referral.v1.GetReferralAnalyticsResponse;
import org.partnernet.api.referral.v1.GetReferralDisclosureRequest;
import org.partnernet.api.referral.v1.GetReferralDisclosureResponse;
import org.partnernet.api.referral.v1.GetReferralRequest;
import org.partnernet.api.referral.v1.GetSurvivorViewRequest;
import org.partnernet.api.referral.v1.GetSurvivorViewResponse;
import org.partnernet.api.referral.v1.GetReferralResponse;
import org.partnernet.api.referral.v1.ListReferralAuditRequest;
import org.partnernet.api.referral.v1.ListReferralAuditResponse;
import org.partnernet.api.referral.v1.ListReferralMessagesRequest;
import org.partnernet.api.referral.v1.ListReferralMessagesResponse;
import org.partnernet.api.referral.v1.ListReferralsRequest;
import org.partnernet.api.referral.v1.ListReferralsResponse;
import org.partnernet.api.referral.v1.PartnerSuggestion;
import org.partnernet.api.referral.v1.ReferralServiceGrpc;
import org.partnernet.api.referral.v1.RevokeConsentRequest;
import org.partnernet.api.referral.v1.RevokeConsentResponse;
import org.partnernet.api.referral.v1.SharedData;
import org.partnernet.api.referral.v1.StartReferralRequest;
import org.partnernet.api.referral.v1.StartReferralResponse;
import org.partnernet.api.referral.v1.SuggestReferralPartnersRequest;
import org.partnernet.api.referral.v1.SuggestReferralPartnersResponse;
import org.partnernet.api.referral.v1.SurvivorConsent;
import org.partnernet.api.referral.v1.VerifyReferralAuditRequest;
import org.partnernet.api.referral.v1.VerifyReferralAuditResponse;
import org.partnernet.api.referral.v1.WatchInboxRequest;
import org.partnernet.api.referral.v1.WatchInboxResponse;
import org.partnernet.api.referral.v1.CreateWebhookRequest;
import org.partnernet.api.referral.v1.CreateWebhookResponse;
import org.partnernet.api.referral.v1.DeleteWebhookRequest;
import org.partnernet.api.referral.v1.DeleteWebhookResponse;
import org.partnernet.api.referral.v1.ListWebhookDeadLettersRequest;
import org.partnernet.api.referral.v1.ListWebhookDeadLettersResponse;
import org.partnernet.api.referral.v1.ListWebhooksRequest;
import org.partnernet.api.referral.v1.ListWebhooksResponse;
import org.partnernet.api.referral.v1.ReplayWebhookDeadLetterRequest;
import org.partnernet.api.referral.v1.ReplayWebhookDeadLetterResponse;
import org.partnernet.api.referral.v1.RotateWebhookSecretRequest;
import org.partnernet.api.referral.v1.RotateWebhookSecretResponse;
import org.partnernet.referral.analytics.NetworkAnalytics;
import org.partnernet.referral.audit.AuditRecord;
import org.partnernet.referral.audit.AuditTrail;
import org.partnernet.referral.capacity.CapacityDesk;
import org.partnernet.referral.consent.Category;
import org.partnernet.referral.consent.Consent;
import org.partnernet.referral.consent.RecordingConsent;
import org.partnernet.referral.inbox.InboxEvent;
import org.partnernet.referral.lifecycle.Referral;
import org.partnernet.referral.lifecycle.ReferralMessaging;
import org.partnernet.referral.lifecycle.ReferralWorkflow;
import org.partnernet.referral.directory.PartnerSuggestions;
import org.partnernet.referral.lifecycle.Shredding;
import org.partnernet.referral.lifecycle.SuggestingAlternatives;
import org.partnernet.referral.survivor.ShowingSurvivorView;
import org.partnernet.referral.lifecycle.Transition;
import org.partnernet.referral.webhook.ManagingWebhooks;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.InvalidArgumentException;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.event.EventWatches;
import org.partnernet.servicekit.id.Ids;
import org.springframework.stereotype.Service;

/** Translates the referral gRPC API to its use cases: validation at the edge, proto ⇄ domain, nothing else. */
@Service
class ReferralGrpcService extends ReferralServiceGrpc.ReferralServiceImplBase {

  /** Codes, not prose: the summary must never carry free text that could identify someone. */
  static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final RecordingConsent recording;
  private final ReferralWorkflow workflow;
  private final Shredding shredding;
  private final Clock clock;
  private final InboxEndpoint inbox;
  private final CapacityEndpoint capacity;
  private final WebhookEndpoint webhooks;
  private final AnalyticsEndpoint analytics;
  private final ShowingSurvivorView survivorView;
  private final SuggestingAlternatives suggesting;
  private final MessageEndpoint messages;

  ReferralGrpcService(RecordingConsent recording, ReferralWorkflow workflow, Shredding shredding, Clock clock,
                      EventWatches<InboxEvent> inboxWatches, CapacityDesk capacityDesk, ManagingWebhooks managingWebhooks,
                      NetworkAnalytics networkAnalytics, ShowingSurvivorView survivorView,
                      SuggestingAlternatives suggesting, ReferralMessaging messaging) {
    this.messages = new MessageEndpoint(messaging);
    this.suggesting = suggesting;
    this.survivorView = survivorView;
    this.analytics = new AnalyticsEndpoint(networkAnalytics);
    this.inbox = new InboxEndpoint(inboxWatches);
    this.webhooks = new WebhookEndpoint(managingWebhooks);
    this.capacity = new CapacityEndpoint(capacityDesk, clock);
    this.recording = recording;
    this.workflow = workflow;
    this.shredding = shredding;
    this.clock = clock;
  }

  // ----------------------------------------------------------------- consent

  @Override
  public void createConsent(CreateConsentRequest request, StreamObserver<CreateConsentResponse> response) {
    respond(response, () -> {
      Caller caller = Caller.current();
      var c = request.getConsent();
      Violations v = new Violations();
      requestId(v, request.getRequestId());
      v.requiredText(c.getClientId(), 100, "consent.client_id");
      v.check(ProtoMapping.method(c.getMethod()) != null, "consent.method", "is required");
      v.check(c.getRecipientPartnersCount() > 0 && c.getRecipientPartnersCount() <= 20, "consent.recipient_partners",
          "must name 1 to 20 partners");
      for (int i = 0; i < c.getRecipientPartnersCount(); i++) {
        v.check(Ids.isId(c.getRecipientPartners(i)), "consent.recipient_partners[" + i + "]", "must be a partner id");
      }
      codes(v, c.getPurposesList(), 1, 20, "consent.purposes");
      v.check(c.getCategoriesCount() > 0, "consent.categories", "must name at least one category");
      Set<Category> categories = EnumSet.noneOf(Category.class);
      for (int i = 0; i < c.getCategoriesCount(); i++) {
        Category category = ProtoMapping.category(c.getCategories(i));
        v.check(category != null, "consent.categories[" + i + "]", "must be a data category");
        if (category != null) {
          categories.add(category);
        }
      }
      v.check(c.hasExpireTime(), "consent.expire_time", "is required");
      v.maxLength(c.getLanguage(), 35, "consent.language");
      v.throwIfAny();
      Consent recorded = recording.record(caller, new RecordingConsent.Draft(c.getClientId(),
              ProtoMapping.method(c.getMethod()), c.hasGiveTime() ? ProtoMapping.instant(c.getGiveTime()) : null,
              c.getRecipientPartnersList(), c.getPurposesList(), categories, ProtoMapping.instant(c.getExpireTime()),
              c.getLanguage()),
          request.getRequestId(), ProtoMapping.fingerprint(request.toBuilder().clearRequestId().build()));
      return CreateConsentResponse.newBuilder().setConsent(ProtoMapping.consent(recorded, clock.instant())).build();
    });
  }

  @Override
  public void getConsent(GetConsentRequest request, StreamObserver<GetConsentResponse> response) {
    respond(response, () -> {
      Caller caller = Caller.current();
      String id = ProtoMapping.consentId(request.getConsent());
      if (!Ids.isId(id)) {
        throw RecordingConsent.notFound();
      }
      return GetConsentResponse.newBuilder()
          .setConsent(ProtoMapping.consent(recording.get(caller, id), clock.instant())).build();
    });
  }

  @Override
  public void revokeConsent(RevokeConsentRequest request, StreamObserver<RevokeConsentResponse> response) {
    respond(response, () -> {
      Caller caller = Caller.current();
      Violations v = new Violations();
      requestId(v, request.getRequestId());
      v.maxLength(request.getReason(), 500, "reason");
      v.throwIfAny();
      String id = ProtoMapping.consentId(request.getConsent());
      if (!Ids.isId(id)) {
        throw RecordingConsent.notFound();
      }
      Shredding.Revocation revocation = shredding.revoke(caller, id, request.getReason(), request.getRequestId());
      return RevokeConsentResponse.newBuilder()
          .setConsent(ProtoMapping.consent(revocation.consent(), clock.instant()))
          .setShreddedReferrals(revocation.shreddedReferrals()).build();
    });
  }

  @Override
  public void getSurvivorView(GetSurvivorViewRequest request, StreamObserver<GetSurvivorViewResponse> response) {
    respond(response, () -> {
      Caller caller = Caller.current();
      Violations v = new Violations();
      v.requiredText(request.getClientId(), 100, "client_id");
      v.throwIfAny();
      Instant now = clock.instant();
      GetSurvivorViewResponse.Builder out = GetSurvivorViewResponse.newBuilder().setClientId(request.getClientId());
      for (ShowingSurvivorView.ConsentView view : survivorView.show(caller, request.getClientId())) {
        SurvivorConsent.Builder consent = SurvivorConsent.newBuilder()
            .setConsent(ProtoMapping.consent(view.consent(), now));
        for (ShowingSurvivorView.Shared shared : view.shared()) {
          Referral r = shared.referral();
          SharedData.Builder data = SharedData.newBuilder().setReferral("referrals/" + r.id())
              .setRecipientPartner(r.recipientPartner()).setSendTime(ProtoMapping.timestamp(r.createTime()))
              .addAllCategories(ProtoMapping.categories(r.disclosure().categories()))
              .setState(ProtoMapping.state(r.state())).setShredded(r.disclosure().isShredded());
          for (ShowingSurvivorView.Read read : shared.reads()) {
            data.addReads(DataRead.newBuilder().setPartner(read.partner())
                .setReadTime(ProtoMapping.timestamp(read.time()))
                .addAllCategories(ProtoMapping.categories(read.categories())).setPurpose(read.purpose()));
          }
          consent.addShared(data);
        }
        out.addConsents(consent);
      }
      return out.build();
    });
  }

  // ----------------------------------------------------------------- referrals

  @Override
  public void createReferral(CreateReferralRequest request, StreamObserver<CreateReferralResponse> response) {
    respond(response, () -> {
      Caller caller = Caller.current();
      var r = request.getReferral();
      Violations v = new Violations();
      requestId(v, request.getRequestId());
      v.check(Ids.isId(r.getRecipientPartner()), "referral.recipient_partner", "must be a partner id");
      codes(v, r.getRequestedServicesList(), 1, 20, "referral.requested_services");
      v.check(ProtoMapping.urgency(r.getUrgency()) != null, "referral.urgency", "is required");
      var summary = r.getSummary();
      int min = summary.getAgeRange().getMinAge();
      int max = summary.getAgeRange().getMaxAge();
      v.check(min >= 0 && max <= 120 && min <= max, "referral.summary.age_range", "must be 0 to 120, min <= max");
      codes(v, summary.getLanguagesList(), 0, 10, "referral.summary.languages");
      codes(v, summary.getNeedsList(), 0, 20, "referral.summary.needs");
      v.check(summary.getGender().isEmpty() || CODE.matcher(summary.getGender()).matches(), "referral.summary.gender",
          "must be a short code");
      String consent = ProtoMapping.consentId(r.getConsent());
      v.check(consent.isEmpty() || Ids.isId(consent), "referral.consent", "must be a consent name");
      ReferralWorkflow.PlainDisclosure disclosure = null;
      if (request.hasDisclosure()) {
        Set<Category> categories = ProtoMapping.categoriesOf(request.getDisclosure());
        v.check(!categories.isEmpty(), "disclosure", "must carry at least one category");
        v.check(request.getDisclosure().getSerializedSize() <= 64 * 1024, "disclosure", "must be at most 64 KiB");
        disclosure = new ReferralWorkflow.PlainDisclosure(request.getDisclosure().toByteArray(), categories);
      }
      v.throwIfAny();
      Referral sent = workflow.send(caller, new ReferralWorkflow.Outgoing(r.getRecipientPartner(),
              r.getRequestedServicesList(), ProtoMapping.urgency(r.getUrgency()),
              new Referral.Summary(min, max, summary.getLanguagesList(), summary.getNeedsList(), summary.getGender()),
              consent.isEmpty() ? null : consent),
          disclosure, request.getRequestId(),
          ProtoMapping.fingerprint(request.toBuilder().clearRequestId().clearDisclosure().build()));
      return CreateReferralResponse.newBuilder().setReferral(ProtoMapping.referral(sent)).build();
    });
  }

  @Override
  public void listReferrals(ListReferralsRequest request, StreamObserver<ListReferralsResponse> response) {
    respond(response, () -> {
      Caller caller = Caller.current();
      Violations v = new Violations();
      v.check(request.getBox() == Box.BOX_INBOX || request.getBox() == Box.BOX_OUTBOX, "box", "must be INBOX or OUTBOX");
      v.check(request.getPageSize() >= 0 && request.getPageSize() <= 100, "page_size", "must be 0 to 100");
      String before = null;
      if (!request.getPageToken().isEmpty()) {
        before = ProtoMapping.fromPageToken(request.getPageToken(), "page_token");
        v.check(Ids.isId(before), "page_token", "is not a page token this service issued");
      }
      v.throwIfAny();
      int size = request.getPageSize() == 0 ? 25 : request.getPageSize();
      List<Referral> page = workflow.list(caller,
          request.getBox() == Box.BOX_INBOX ? ReferralWorkflow.Box.INBOX : ReferralWorkflow.Box.OUTBOX,
          ProtoMapping.state(request.getState()), before, size + 1);
      ListReferralsResponse.Builder out = ListReferralsResponse.newBuilder();
      page.stream().limit(size).forEach(r -> out.addReferrals(ProtoMapping.referral(r)));
      if (page.size() > size) {
        out.setNextPageToken(ProtoMapping.pageToken(page.get(size - 1).id()));
      }
      return out.build();
    });
  }

  @Override
  public void getReferral(GetReferralRequest request, StreamObserver<GetReferralResponse> response) {
    respond(response, () -> GetReferralResponse.newBuilder()
        .setReferral(ProtoMapping.referral(workflow.get(Caller.current(), referralId(request.getReferral()))))
        .build());
  }

  @Override
  public void acceptReferral(AcceptReferralRequest request, StreamObserver<AcceptReferralResponse> response) {
    respond(response, () -> AcceptReferralResponse.newBuilder().setReferral(move(request.getReferral(),
        Transition.ACCEPT, "", request.getRequestId(), request.toBuilder().clearRequestId().build())).build());
  }

  @Override
  public void declineReferral(DeclineReferralRequest request, StreamObserver<DeclineReferralResponse> response) {
    respond(response, () -> DeclineReferralResponse.newBuilder().setReferral(move(request.getReferral(),
        Transition.DECLINE, request.getReason(), request.getRequestId(), request.toBuilder().clearRequestId().build()))
        .build());
  }

  @Override
  public void startReferral(StartReferralRequest request, StreamObserver<StartReferralResponse> response) {
    respond(response, () -> StartReferralResponse.newBuilder().setReferral(move(request.getReferral(),
        Transition.START, "", request.getRequestId(), request.toBuilder().clearRequestId().build())).build());
  }

  @Override
  public void completeReferral(CompleteReferralRequest request, StreamObserver<CompleteReferralResponse> response) {
    respond(response, () -> CompleteReferralResponse.newBuilder().setReferral(move(request.getReferral(),
        Transition.COMPLETE, request.getReason(), request.getRequestId(),
        request.toBuilder().clearRequestId().build())).build());
  }

  @Override
  public void failReferral(FailReferralRequest request, StreamObserver<FailReferralResponse> response) {
    respond(response, () -> FailReferralResponse.newBuilder().setReferral(move(request.getReferral(),
        Transition.FAIL, request.getReason(), request.getRequestId(), request.toBuilder().clearRequestId().build()))
        .build());
  }

  @Override
  public void cancelReferral(CancelReferralRequest request, StreamObserver<CancelReferralResponse> response) {
    respond(response, () -> CancelReferralResponse.newBuilder().setReferral(move(request.getReferral(),
        Transition.CANCEL, request.getReason(), request.getRequestId(), request.toBuilder().clearRequestId().build()))
        .build());
  }

  @Override
  public void forwardReferral(ForwardReferralRequest request, StreamObserver<ForwardReferralResponse> response) {
    respond(response, () -> {
      Caller caller = Caller.current();
      Violations v = new Violations();
      requestId(v, request.getRequestId());
      v.check(Ids.isId(request.getRecipientPartner()), "recipient_partner", "must be a partner id");
      String consent = ProtoMapping.consentId(request.getConsent());
      v.check(consent.isEmpty() || Ids.isId(consent), "consent", "must be a consent name");
      v.maxLength(request.getReason(), 500, "reason");
      v.throwIfAny();
      Referral forwarded = workflow.forward(caller, referralId(request.getReferral()), request.getRecipientPartner(),
          consent, request.getReason(), request.getRequestId(),
          ProtoMapping.fingerprint(request.toBuilder().clearRequestId().build()),
          opened -> {
            Disclosure restricted = ProtoMapping.restrict(ProtoMapping.parseDisclosure(opened.bytes()),
                opened.allowed());
            Set<Category> carried = ProtoMapping.categoriesOf(restricted);
            return carried.isEmpty() ? null : new ReferralWorkflow.PlainDisclosure(restricted.toByteArray(), carried);
          });
      return ForwardReferralResponse.newBuilder().setReferral(ProtoMapping.referral(forwarded)).build();
    });
  }

  @Override
  public void suggestReferralPartners(SuggestReferralPartnersRequest request,
                                      StreamObserver<SuggestReferralPartnersResponse> response) {
    respond(response, () -> {
      Caller caller = Caller.current();
      Violations v = new Violations();
      v.check(request.hasLat() == request.hasLng(), request.hasLat() ? "lng" : "lat", "is required with the other");
      if (request.hasLat()) {
        v.latitude(request.getLat(), "lat");
      }
      if (request.hasLng()) {
        v.longitude(request.getLng(), "lng");
      }
      v.check(request.getRadiusKm() >= 0 && request.getRadiusKm() <= 500, "radius_km", "must be 0 to 500");
      v.check(request.getRadiusKm() == 0 || request.hasLat(), "radius_km", "needs an origin (lat, lng)");
      v.check(request.getPageSize() >= 0 && request.getPageSize() <= 20, "page_size", "must be 0 to 20");
      v.throwIfAny();
      PartnerSuggestions.Origin origin = request.hasLat()
          ? new PartnerSuggestions.Origin(request.getLat(), request.getLng(), request.getRadiusKm()) : null;
      SuggestReferralPartnersResponse.Builder out = SuggestReferralPartnersResponse.newBuilder();
      for (PartnerSuggestions.Alternative a : suggesting.suggest(caller, referralId(request.getReferral()), origin,
          request.getPageSize() == 0 ? 10 : request.getPageSize())) {
        PartnerSuggestion.Builder suggestion = PartnerSuggestion.newBuilder().setPartner(a.partner())
            .setPartnerName(a.partnerName()).setService(a.service()).setServiceName(a.serviceName())
            .addAllTaxonomyCodes(a.taxonomyCodes()).setAvailable(a.available());
        if (a.distanceKm() != null) {
          suggestion.setDistanceKm(a.distanceKm());
        }
        out.addSuggestions(suggestion);
      }
      return out.build();
    });
  }

  @Override
  public void createReferralMessage(CreateReferralMessageRequest request,
                                    StreamObserver<CreateReferralMessageResponse> response) {
    respond(response, () -> messages.create(request, referralId(request.getReferral())));
  }

  @Override
  public void listReferralMessages(ListReferralMessagesRequest request,
                                   StreamObserver<ListReferralMessagesResponse> response) {
    respond(response, () -> messages.list(request, referralId(request.getReferral())));
  }

  @Override
  public void getReferralDisclosure(GetReferralDisclosureRequest request,
                                    StreamObserver<GetReferralDisclosureResponse> response) {
    respond(response, () -> {
      Caller caller = Caller.current();
      Violations v = new Violations();
      v.maxLength(request.getPurpose(), 200, "purpose");
      v.throwIfAny();
      ReferralWorkflow.OpenedDisclosure opened =
          workflow.readDisclosure(caller, referralId(request.getReferral()), request.getPurpose());
      Disclosure disclosure = ProtoMapping.restrict(ProtoMapping.parseDisclosure(opened.bytes()), opened.allowed());
      return GetReferralDisclosureResponse.newBuilder().setDisclosure(disclosure)
          .addAllCategories(ProtoMapping.categories(ProtoMapping.categoriesOf(disclosure))).build();
    });
  }

  @Override
  public void listReferralAudit(ListReferralAuditRequest request, StreamObserver<ListReferralAuditResponse> response) {
    respond(response, () -> {
      Caller caller = Caller.current();
      Violations v = new Violations();
      v.check(request.getPageSize() >= 0 && request.getPageSize() <= 500, "page_size", "must be 0 to 500");
      long after = 0;
      if (!request.getPageToken().isEmpty()) {
        try {
          after = Long.parseLong(ProtoMapping.fromPageToken(request.getPageToken(), "page_token"));
        } catch (NumberFormatException e) {
          v.add("page_token", "is not a page token this service issued");
        }
      }
      v.throwIfAny();
      int size = request.getPageSize() == 0 ? 100 : request.getPageSize();
      List<AuditRecord> page = workflow.auditPage(caller, referralId(request.getReferral()), after, size + 1);
      ListReferralAuditResponse.Builder out = ListReferralAuditResponse.newBuilder();
      page.stream().limit(size).forEach(r -> out.addRecords(ProtoMapping.audit(r)));
      if (page.size() > size) {
        out.setNextPageToken(ProtoMapping.pageToken(Long.toString(page.get(size - 1).sequence())));
      }
      return out.build();
    });
  }

  @Override
  public void verifyReferralAudit(VerifyReferralAuditRequest request,
                                  StreamObserver<VerifyReferralAuditResponse> response) {
    respond(response, () -> {
      AuditTrail.Verification result = workflow.verifyAudit(Caller.current(), referralId(request.getReferral()));
      return VerifyReferralAuditResponse.newBuilder().setIntact(result.intact())
          .setRecordsChecked(result.recordsChecked()).setFirstBadSequence(result.firstBadSequence())
          .setProblem(result.problem()).build();
    });
  }

  @Override
  public void getReferralAnalytics(GetReferralAnalyticsRequest request,
                                   StreamObserver<GetReferralAnalyticsResponse> response) {
    respond(response, () -> analytics.report(request));
  }

  // ----------------------------------------------------------------- helpers

  private org.partnernet.api.referral.v1.Referral move(String referral, Transition transition, String reason, String requestId,
                        com.google.protobuf.Message withoutRequestId) {
    Violations v = new Violations();
    requestId(v, requestId);
    if (transition.reasonRequired()) {
      v.requiredText(reason, 500, "reason");
    } else {
      v.maxLength(reason, 500, "reason");
    }
    v.throwIfAny();
    return ProtoMapping.referral(workflow.move(Caller.current(), referralId(referral), transition, reason, requestId,
        ProtoMapping.fingerprint(withoutRequestId)));
  }

  private static String referralId(String nameOrId) {
    String id = ProtoMapping.referralId(nameOrId);
    if (!Ids.isId(id)) {
      // malformed ids are simply not found: the answer must not differ from a well-formed unknown id
      throw new org.partnernet.servicekit.error.NotFoundException("REFERRAL_NOT_FOUND",
          "no referral with this id is visible to you");
    }
    return id;
  }

  static void requestId(Violations v, String requestId) {
    v.requiredText(requestId, 100, "request_id");
  }

  static void codes(Violations v, List<String> codes, int min, int max, String field) {
    v.check(codes.size() >= min && codes.size() <= max, field, "must hold " + min + " to " + max + " codes");
    for (int i = 0; i < codes.size(); i++) {
      v.check(CODE.matcher(codes.get(i)).matches(), field + "[" + i + "]", "must be a code (letters, digits, . _ -)");
    }
  }

  // ----------------------------------------------------------------- live inbox

  @Override
  public void watchInbox(WatchInboxRequest request, StreamObserver<WatchInboxResponse> response) {
    inbox.watch(request, response);
  }

  // ----------------------------------------------------------------- capacity checks

  @Override
  public void createCapacityCheck(CreateCapacityCheckRequest request,
                                  StreamObserver<CreateCapacityCheckResponse> response) {
    respond(response, () -> CreateCapacityCheckResponse.newBuilder().setCapacityCheck(capacity.create(request))
        .build());
  }

  @Override
  public void getCapacityCheck(GetCapacityCheckRequest request, StreamObserver<GetCapacityCheckResponse> response) {
    respond(response, () -> GetCapacityCheckResponse.newBuilder()
        .setCapacityCheck(capacity.get(request.getCheck())).build());
  }

  @Override
  public void answerCapacityCheck(AnswerCapacityCheckRequest request,
                                  StreamObserver<AnswerCapacityCheckResponse> response) {
    respond(response, () -> AnswerCapacityCheckResponse.newBuilder().setCapacityCheck(capacity.answer(request))
        .build());
  }

  // ----------------------------------------------------------------- webhooks

  @Override
  public void createWebhook(CreateWebhookRequest request, StreamObserver<CreateWebhookResponse> response) {
    respond(response, () -> webhooks.create(request));
  }

  @Override
  public void listWebhooks(ListWebhooksRequest request, StreamObserver<ListWebhooksResponse> response) {
    respond(response, () -> webhooks.list(request));
  }

  @Override
  public void deleteWebhook(DeleteWebhookRequest request, StreamObserver<DeleteWebhookResponse> response) {
    respond(response, () -> webhooks.delete(request));
  }

  @Override
  public void rotateWebhookSecret(RotateWebhookSecretRequest request,
                                  StreamObserver<RotateWebhookSecretResponse> response) {
    respond(response, () -> webhooks.rotate(request));
  }

  @Override
  public void listWebhookDeadLetters(ListWebhookDeadLettersRequest request,
                                     StreamObserver<ListWebhookDeadLettersResponse> response) {
    respond(response, () -> webhooks.deadLetters(request));
  }

  @Override
  public void replayWebhookDeadLetter(ReplayWebhookDeadLetterRequest request,
                                      StreamObserver<ReplayWebhookDeadLetterResponse> response) {
    respond(response, () -> webhooks.replay(request));
  }

  private static <T> void respond(StreamObserver<T> response, Supplier<T> work) {
    T result = work.get();
    response.onNext(result);
    response.onCompleted();
  }
}
