package org.partnernet.directory.partner;

import io.grpc.stub.StreamObserver;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.GetPartnerResponse;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.NotFoundException;
import org.springframework.stereotype.Service;

/** Translates the directory's gRPC API to its use cases. */
@Service
class PartnerGrpcService extends PartnerDirectoryServiceGrpc.PartnerDirectoryServiceImplBase {

  @Override
  public void getPartner(GetPartnerRequest request, StreamObserver<GetPartnerResponse> response) {
    Caller.current();
    throw new NotFoundException("PARTNER_NOT_FOUND", "no partner has this id");
  }
}
