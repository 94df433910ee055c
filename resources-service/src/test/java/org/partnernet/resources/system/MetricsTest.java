package org.partnernet.resources.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.resources.support.Api.admin;
import static org.partnernet.resources.support.Api.newOrg;
import static org.partnernet.resources.support.Samples.need;
import static org.partnernet.resources.support.Samples.offer;
import static org.partnernet.resources.support.Samples.post;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Test;
import org.partnernet.api.resources.v1.ClaimOfferRequest;
import org.partnernet.api.resources.v1.ResourceKind;
import org.partnernet.resources.support.ResourcesApp;

/** Business counters for posts, claims and bookings, tagged by kind or outcome only (never an id). */
class MetricsTest {

  private final ResourcesApp app = ResourcesApp.shared();

  @Test
  void countsPostsAndClaimsWithoutIdsInTags() {
    MeterRegistry meters = app.bean(MeterRegistry.class);
    double offersBefore = count(meters, "partnernet.resources.offers.posted", "kind", "INTERPRETATION");
    double needsBefore = count(meters, "partnernet.resources.needs.posted", "kind", "INTERPRETATION");
    double claimsBefore = count(meters, "partnernet.resources.claims", "outcome", "requested");
    String org = newOrg();
    var offer = post(app.as(admin(org)), offer(ResourceKind.RESOURCE_KIND_INTERPRETATION, 3));
    post(app.as(admin(org)), need(ResourceKind.RESOURCE_KIND_INTERPRETATION, 3));
    app.as(admin(newOrg())).claimOffer(ClaimOfferRequest.newBuilder().setOffer(offer.getId()).setQuantity(1).build());

    assertThat(count(meters, "partnernet.resources.offers.posted", "kind", "INTERPRETATION")).isEqualTo(offersBefore + 1);
    assertThat(count(meters, "partnernet.resources.needs.posted", "kind", "INTERPRETATION")).isEqualTo(needsBefore + 1);
    assertThat(count(meters, "partnernet.resources.claims", "outcome", "requested")).isEqualTo(claimsBefore + 1);
    for (Meter meter : meters.getMeters()) {
      if (meter.getId().getName().startsWith("partnernet.resources")) {
        for (Tag tag : meter.getId().getTags()) {
          assertThat(tag.getKey()).isIn("kind", "outcome", "application", "network");
          assertThat(tag.getValue()).doesNotContain(org);
        }
      }
    }
  }

  private static double count(MeterRegistry meters, String name, String tag, String value) {
    var counter = meters.find(name).tag(tag, value).counter();
    return counter == null ? 0 : counter.count();
  }
}
