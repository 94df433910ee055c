package org.partnernet.resources.support;

import static org.partnernet.resources.support.Api.days;
import static org.partnernet.resources.support.Api.kmNorth;

import java.util.UUID;
import org.partnernet.api.resources.v1.CreateNeedRequest;
import org.partnernet.api.resources.v1.CreateOfferRequest;
import org.partnernet.api.resources.v1.Need;
import org.partnernet.api.resources.v1.Offer;
import org.partnernet.api.resources.v1.ResourceKind;
import org.partnernet.api.resources.v1.ResourcesServiceGrpc.ResourcesServiceBlockingStub;

/** Valid offers and needs to start from; tests change what they are about. */
public final class Samples {

  private Samples() {}

  public static Offer.Builder offer(ResourceKind kind, long quantity) {
    return Offer.newBuilder().setKind(kind).setTitle("Community hall").setDescription("Seats 60")
        .setQuantity(quantity).setUnit("evenings").setLocation(kmNorth(0)).setArea("Riverton")
        .setWindow(days(0, 30)).addAudience("survivors");
  }

  public static Need.Builder need(ResourceKind kind, long quantity) {
    return Need.newBuilder().setKind(kind).setTitle("A room for a group").setQuantity(quantity).setUnit("evenings")
        .setLocation(kmNorth(0)).setWindow(days(0, 30));
  }

  public static Offer post(ResourcesServiceBlockingStub stub, Offer.Builder offer) {
    return stub.createOffer(CreateOfferRequest.newBuilder().setOffer(offer)
        .setRequestId(UUID.randomUUID().toString()).build()).getOffer();
  }

  public static Need post(ResourcesServiceBlockingStub stub, Need.Builder need) {
    return stub.createNeed(CreateNeedRequest.newBuilder().setNeed(need)
        .setRequestId(UUID.randomUUID().toString()).build()).getNeed();
  }
}
