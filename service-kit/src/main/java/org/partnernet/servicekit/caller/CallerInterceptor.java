package org.partnernet.servicekit.caller;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.List;
import java.util.Set;

/**
 * Zero trust: every call but health and reflection must carry a valid bearer token, whatever network it came over.
 * The verified caller is put in the gRPC context for {@link Caller#current()}.
 */
public final class CallerInterceptor implements ServerInterceptor {

  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Set<String> OPEN_SERVICES = Set.of(
      "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

  private final TokenVerifier verifier;

  public CallerInterceptor(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    List<String> token = TokenVerifier.bearer(headers.get(AUTHORIZATION));
    if (token.isEmpty()) {
      return refuse(call, "a bearer token is required");
    }
    Caller caller;
    try {
      caller = verifier.verify(token.get(0));
    } catch (TokenVerifier.InvalidTokenException e) {
      return refuse(call, "the bearer token is not valid");
    }
    return Contexts.interceptCall(Context.current().withValue(Caller.CONTEXT_KEY, caller), call, headers, next);
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String message) {
    call.close(Status.UNAUTHENTICATED.withDescription(message), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
