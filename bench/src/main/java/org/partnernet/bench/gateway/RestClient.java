package org.partnernet.bench.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The REST side of the load: pooled HTTP/1.1 keep-alive connections (reactor-netty), bounded, because an unbounded
 * client turns a backlog into a storm of new connections. Its own cost counts against the gateway's path.
 */
final class RestClient implements AutoCloseable {

  private final ConnectionProvider pool;
  private final HttpClient http;

  RestClient(String baseUrl) {
    this.pool = ConnectionProvider.builder("bench")
        .maxConnections(256)
        .pendingAcquireMaxCount(-1)
        .pendingAcquireTimeout(Duration.ofSeconds(60))
        .build();
    this.http = HttpClient.create(pool).baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30));
  }

  /** GET {@code path}; true when it answers 200. {@code token} null sends no Authorization header. */
  CompletableFuture<Boolean> get(String path, String token) {
    HttpClient client = token == null ? http
        : http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token));
    return client.get().uri(path)
        .responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
            .map(bytes -> response.status().code() == 200))
        .onErrorReturn(false)
        .toFuture();
  }

  /** GET {@code path}; the status it answers with (0 when it never answers). */
  CompletableFuture<Integer> status(String path, String token) {
    return http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)).get().uri(path)
        .responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
            .map(bytes -> response.status().code()))
        .onErrorReturn(0)
        .toFuture();
  }

  /** The size of the body {@code path} answers with, in bytes: what the gateway had to write as JSON. */
  CompletableFuture<Integer> bodySize(String path, String token) {
    return http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)).get().uri(path)
        .responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0]).map(b -> b.length))
        .toFuture();
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
