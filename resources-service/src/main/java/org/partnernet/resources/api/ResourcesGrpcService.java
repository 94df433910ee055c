package org.partnernet.resources.api;

import io.grpc.stub.StreamObserver;
import org.partnernet.api.resources.v1.ClaimOfferRequest;
import org.partnernet.api.resources.v1.ClaimOfferResponse;
import org.partnernet.api.resources.v1.ConfirmBookingRequest;
import org.partnernet.api.resources.v1.ConfirmBookingResponse;
import org.partnernet.api.resources.v1.ConfirmClaimRequest;
import org.partnernet.api.resources.v1.ConfirmClaimResponse;
import org.partnernet.api.resources.v1.CreateBookingRequest;
import org.partnernet.api.resources.v1.CreateBookingResponse;
import org.partnernet.api.resources.v1.CreateNeedRequest;
import org.partnernet.api.resources.v1.CreateNeedResponse;
import org.partnernet.api.resources.v1.CreateOfferRequest;
import org.partnernet.api.resources.v1.CreateOfferResponse;
import org.partnernet.api.resources.v1.CreateTrainingRequest;
import org.partnernet.api.resources.v1.CreateTrainingResponse;
import org.partnernet.api.resources.v1.DeclineBookingRequest;
import org.partnernet.api.resources.v1.DeclineBookingResponse;
import org.partnernet.api.resources.v1.GetBookingRequest;
import org.partnernet.api.resources.v1.GetBookingResponse;
import org.partnernet.api.resources.v1.GetNeedRequest;
import org.partnernet.api.resources.v1.GetNeedResponse;
import org.partnernet.api.resources.v1.GetOfferRequest;
import org.partnernet.api.resources.v1.GetOfferResponse;
import org.partnernet.api.resources.v1.GetTrainingRequest;
import org.partnernet.api.resources.v1.GetTrainingResponse;
import org.partnernet.api.resources.v1.ListBookingsRequest;
import org.partnernet.api.resources.v1.ListBookingsResponse;
import org.partnernet.api.resources.v1.ListClaimsRequest;
import org.partnernet.api.resources.v1.ListClaimsResponse;
import org.partnernet.api.resources.v1.ListNeedMatchesRequest;
import org.partnernet.api.resources.v1.ListNeedMatchesResponse;
import org.partnernet.api.resources.v1.ListNeedsRequest;
import org.partnernet.api.resources.v1.ListNeedsResponse;
import org.partnernet.api.resources.v1.ListOfferMatchesRequest;
import org.partnernet.api.resources.v1.ListOfferMatchesResponse;
import org.partnernet.api.resources.v1.ListOffersRequest;
import org.partnernet.api.resources.v1.ListOffersResponse;
import org.partnernet.api.resources.v1.RecordSessionFeedbackRequest;
import org.partnernet.api.resources.v1.RecordSessionFeedbackResponse;
import org.partnernet.api.resources.v1.RefuseClaimRequest;
import org.partnernet.api.resources.v1.RefuseClaimResponse;
import org.partnernet.api.resources.v1.SearchTrainingsRequest;
import org.partnernet.api.resources.v1.SearchTrainingsResponse;
import org.partnernet.api.resources.v1.UpdateNeedRequest;
import org.partnernet.api.resources.v1.UpdateNeedResponse;
import org.partnernet.api.resources.v1.UpdateOfferRequest;
import org.partnernet.api.resources.v1.UpdateOfferResponse;
import org.partnernet.api.resources.v1.WatchResourceEventsRequest;
import org.partnernet.api.resources.v1.WatchResourceEventsResponse;
import org.partnernet.api.resources.v1.WithdrawNeedRequest;
import org.partnernet.api.resources.v1.WithdrawNeedResponse;
import org.partnernet.api.resources.v1.WithdrawOfferRequest;
import org.partnernet.api.resources.v1.WithdrawOfferResponse;
import org.partnernet.api.resources.v1.ResourcesServiceGrpc;
import org.partnernet.resources.event.ResourceEvent;
import org.partnernet.resources.exchange.Exchange;
import org.partnernet.resources.training.TrainingDesk;
import org.partnernet.servicekit.event.EventWatches;
import org.springframework.stereotype.Service;

/**
 * The resources API over gRPC. Each RPC is translated by the endpoint of its feature; errors thrown there become
 * canonical statuses in service-kit's exception handler.
 */
@Service
class ResourcesGrpcService extends ResourcesServiceGrpc.ResourcesServiceImplBase {

  private final ExchangeEndpoint exchange;
  private final TrainingEndpoint trainings;
  private final EventEndpoint events;

  ResourcesGrpcService(Exchange exchange, TrainingDesk desk, EventWatches<ResourceEvent> watches,
                       java.time.Clock clock) {
    this.exchange = new ExchangeEndpoint(exchange, clock);
    this.trainings = new TrainingEndpoint(desk);
    this.events = new EventEndpoint(watches);
  }

  @Override
  public void createOffer(CreateOfferRequest request, StreamObserver<CreateOfferResponse> response) {
    reply(response, exchange.createOffer(request));
  }

  @Override
  public void getOffer(GetOfferRequest request, StreamObserver<GetOfferResponse> response) {
    reply(response, exchange.getOffer(request));
  }

  @Override
  public void listOffers(ListOffersRequest request, StreamObserver<ListOffersResponse> response) {
    reply(response, exchange.listOffers(request));
  }

  @Override
  public void updateOffer(UpdateOfferRequest request, StreamObserver<UpdateOfferResponse> response) {
    reply(response, exchange.updateOffer(request));
  }

  @Override
  public void withdrawOffer(WithdrawOfferRequest request, StreamObserver<WithdrawOfferResponse> response) {
    reply(response, exchange.withdrawOffer(request));
  }

  @Override
  public void claimOffer(ClaimOfferRequest request, StreamObserver<ClaimOfferResponse> response) {
    reply(response, exchange.claimOffer(request));
  }

  @Override
  public void listOfferMatches(ListOfferMatchesRequest request, StreamObserver<ListOfferMatchesResponse> response) {
    reply(response, exchange.listOfferMatches(request));
  }

  @Override
  public void listClaims(ListClaimsRequest request, StreamObserver<ListClaimsResponse> response) {
    reply(response, exchange.listClaims(request));
  }

  @Override
  public void confirmClaim(ConfirmClaimRequest request, StreamObserver<ConfirmClaimResponse> response) {
    reply(response, exchange.confirmClaim(request));
  }

  @Override
  public void refuseClaim(RefuseClaimRequest request, StreamObserver<RefuseClaimResponse> response) {
    reply(response, exchange.refuseClaim(request));
  }

  @Override
  public void createNeed(CreateNeedRequest request, StreamObserver<CreateNeedResponse> response) {
    reply(response, exchange.createNeed(request));
  }

  @Override
  public void getNeed(GetNeedRequest request, StreamObserver<GetNeedResponse> response) {
    reply(response, exchange.getNeed(request));
  }

  @Override
  public void listNeeds(ListNeedsRequest request, StreamObserver<ListNeedsResponse> response) {
    reply(response, exchange.listNeeds(request));
  }

  @Override
  public void updateNeed(UpdateNeedRequest request, StreamObserver<UpdateNeedResponse> response) {
    reply(response, exchange.updateNeed(request));
  }

  @Override
  public void withdrawNeed(WithdrawNeedRequest request, StreamObserver<WithdrawNeedResponse> response) {
    reply(response, exchange.withdrawNeed(request));
  }

  @Override
  public void listNeedMatches(ListNeedMatchesRequest request, StreamObserver<ListNeedMatchesResponse> response) {
    reply(response, exchange.listNeedMatches(request));
  }

  @Override
  public void createTraining(CreateTrainingRequest request, StreamObserver<CreateTrainingResponse> response) {
    reply(response, trainings.createTraining(request));
  }

  @Override
  public void getTraining(GetTrainingRequest request, StreamObserver<GetTrainingResponse> response) {
    reply(response, trainings.getTraining(request));
  }

  @Override
  public void searchTrainings(SearchTrainingsRequest request, StreamObserver<SearchTrainingsResponse> response) {
    reply(response, trainings.searchTrainings(request));
  }

  @Override
  public void createBooking(CreateBookingRequest request, StreamObserver<CreateBookingResponse> response) {
    reply(response, trainings.createBooking(request));
  }

  @Override
  public void getBooking(GetBookingRequest request, StreamObserver<GetBookingResponse> response) {
    reply(response, trainings.getBooking(request));
  }

  @Override
  public void listBookings(ListBookingsRequest request, StreamObserver<ListBookingsResponse> response) {
    reply(response, trainings.listBookings(request));
  }

  @Override
  public void confirmBooking(ConfirmBookingRequest request, StreamObserver<ConfirmBookingResponse> response) {
    reply(response, trainings.confirmBooking(request));
  }

  @Override
  public void declineBooking(DeclineBookingRequest request, StreamObserver<DeclineBookingResponse> response) {
    reply(response, trainings.declineBooking(request));
  }

  @Override
  public void recordSessionFeedback(RecordSessionFeedbackRequest request, StreamObserver<RecordSessionFeedbackResponse> response) {
    reply(response, trainings.recordSessionFeedback(request));
  }

  @Override
  public void watchResourceEvents(WatchResourceEventsRequest request,
                                  StreamObserver<WatchResourceEventsResponse> response) {
    events.watch(request, response);
  }

  private static <T> void reply(StreamObserver<T> observer, T response) {
    observer.onNext(response);
    observer.onCompleted();
  }
}
