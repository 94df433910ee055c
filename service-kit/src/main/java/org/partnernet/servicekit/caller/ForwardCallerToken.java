package org.partnernet.servicekit.caller;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.function.Supplier;

/**
 * Outbound calls to another service carry a token: the current caller's own when there is one (so the other
 * service applies the user's rights, not ours), else this service's account token (background work).
 */
public final class ForwardCallerToken implements ClientInterceptor {

  private final Supplier<String> serviceAccountToken;

  public ForwardCallerToken(Supplier<String> serviceAccountToken) {
    this.serviceAccountToken = serviceAccountToken;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    Caller caller = Caller.CONTEXT_KEY.get();
    String token = caller != null ? caller.bearerToken() : serviceAccountToken.get();
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(CallerInterceptor.AUTHORIZATION, "Bearer " + token);
        super.start(listener, headers);
      }
    };
  }
}
