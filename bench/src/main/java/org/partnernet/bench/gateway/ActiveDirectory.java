package org.partnernet.bench.gateway;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.partnernet.api.directory.v1.GetPartnerStatusRequest;
import org.partnernet.api.directory.v1.GetPartnerStatusResponse;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.api.directory.v1.PartnerStatus;

/**
 * A stand-in partner-directory that answers the gateway's partner-status check with ACTIVE for every organisation
 * and nothing else. For routes the gateway answers itself, that check is all it asks the directory (once per
 * organisation per 30 s), so the real directory would only add a JVM competing for the cores.
 */
final class ActiveDirectory extends PartnerDirectoryServiceGrpc.PartnerDirectoryServiceImplBase
    implements AutoCloseable {

  private final Server server;

  ActiveDirectory() throws IOException {
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this).build()
        .start();
  }

  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void getPartnerStatus(GetPartnerStatusRequest request, StreamObserver<GetPartnerStatusResponse> response) {
    response.onNext(GetPartnerStatusResponse.newBuilder().setStatus(PartnerStatus.PARTNER_STATUS_ACTIVE).build());
    response.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
