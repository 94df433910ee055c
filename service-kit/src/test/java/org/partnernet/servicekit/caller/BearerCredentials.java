package org.partnernet.servicekit.caller;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** Attaches a bearer token to a test's gRPC call: {@code stub.withCallCredentials(BearerCredentials.of(token))}. */
public final class BearerCredentials extends CallCredentials {

  private final String token;

  private BearerCredentials(String token) {
    this.token = token;
  }

  public static BearerCredentials of(String token) {
    return new BearerCredentials(token);
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    Metadata headers = new Metadata();
    headers.put(CallerInterceptor.AUTHORIZATION, "Bearer " + token);
    applier.apply(headers);
  }
}
