package org.partnernet.gateway.transcoding;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.partnernet.gateway.resilience.Backend;

/**
 * One REST binding of one RPC (an RPC with additional_bindings has several), with everything a request
 * needs worked out at start: the compiled template, the field paths of its variables, the query
 * parameters it accepts, the gRPC method descriptor and the deadline.
 *
 * @param body "" (no body), "*" (the whole request) or a top-level request field name
 * @param responseBody "" (the whole response) or a top-level response field name
 * @param queryFields every query parameter name accepted (proto and JSON spellings) → field path
 * @param requestIdField the request's {@code request_id} field (AIP-155), or null
 */
public record HttpRoute(
    String httpMethod,
    PathTemplate path,
    MethodDescriptor method,
    String body,
    String responseBody,
    Backend backend,
    io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod,
    Duration deadline,
    Map<String, List<FieldDescriptor>> pathFields,
    Map<String, List<FieldDescriptor>> queryFields,
    FieldDescriptor bodyField,
    FieldDescriptor responseBodyField,
    FieldDescriptor requestIdField) {

  public boolean serverStreaming() {
    return method.isServerStreaming();
  }

  /** Custom methods named {@code :watch} (or any streaming call asked for SSE) stream Server-Sent Events. */
  boolean watch() {
    return "watch".equals(path.verb());
  }
}
