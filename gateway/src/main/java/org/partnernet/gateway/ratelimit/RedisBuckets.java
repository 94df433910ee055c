package org.partnernet.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.partnernet.gateway.system.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Token buckets in one Redis, shared by every gateway replica, taken atomically by a Lua script
 * (token-buckets.lua) on Redis's own clock. Never holds a request up: while the connection is down,
 * being made, or in its back-off after a failure, and whenever Redis does not answer within the
 * timeout, {@link #take} completes empty at once and the caller decides with its own buckets.
 * Commands are rejected, not queued, while disconnected; Lettuce reconnects in the background.
 */
final class RedisBuckets implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);

  private final RedisClient client;
  private final RedisURI uri;
  private final Duration timeout;
  private final long retryAfterNanos;
  private final String script;
  private final String sha;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile long askAgainAt = System.nanoTime();
  private volatile State state = State.UNKNOWN;

  private enum State { UNKNOWN, UP, DOWN }

  RedisBuckets(GatewayProperties.Redis settings, MeterRegistry meters) {
    this.uri = parse(settings.url());
    this.timeout = settings.timeout();
    this.retryAfterNanos = settings.retryAfter().toNanos();
    this.script = loadScript();
    this.sha = sha1(script);
    this.client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
        .build());
    Gauge.builder("partnernet.gateway.ratelimit.redis.up", this, r -> r.state == State.UP ? 1 : 0)
        .description("1 while the shared rate-limit buckets in Redis answer, 0 while each replica uses its own")
        .register(meters);
    connect();
  }

  /**
   * Takes one token from each bucket (keys, with rate and burst per key in {@code args}, in order): the
   * nanoseconds to wait (0 = taken), or empty when Redis cannot answer now.
   */
  Mono<Long> take(String[] keys, String[] args) {
    StatefulRedisConnection<String, String> c = connection;
    boolean backingOff = System.nanoTime() - askAgainAt < 0;
    if (c == null || backingOff) {
      if (c == null && !backingOff) {
        connect();
      }
      return Mono.empty();
    }
    return c.reactive().<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, args).next()
        // a Redis that restarted empty has forgotten the script: send it whole once
        .onErrorResume(RedisNoScriptException.class,
            e -> c.reactive().<Long>eval(script, ScriptOutputType.INTEGER, keys, args).next())
        .timeout(timeout)
        .map(micros -> {
          reachable();
          return TimeUnit.MICROSECONDS.toNanos(micros);
        })
        .onErrorResume(e -> {
          unreachable(e);
          return Mono.empty();
        });
  }

  private void connect() {
    if (!connecting.compareAndSet(false, true)) {
      return;
    }
    client.connectAsync(StringCodec.UTF8, uri).whenComplete((made, failure) -> {
      if (failure != null) {
        unreachable(failure);
      } else {
        connection = made;
      }
      connecting.set(false);
    });
  }

  private void reachable() {
    if (state != State.UP) {
      state = State.UP;
      log.info("rate limits: buckets shared by all replicas through Redis");
    }
  }

  private void unreachable(Throwable failure) {
    askAgainAt = System.nanoTime() + retryAfterNanos;
    if (state != State.DOWN) {
      state = State.DOWN;
      // the class only: a message may carry the address; never the URL (it may hold a password)
      log.warn("rate limits: Redis did not answer ({}); each replica uses its own buckets until it does,"
          + " asking again every {} ms", failure.getClass().getSimpleName(),
          TimeUnit.NANOSECONDS.toMillis(retryAfterNanos));
    }
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private static RedisURI parse(String url) {
    try {
      return RedisURI.create(url);
    } catch (RuntimeException e) {
      // never echo the value: it may carry a password
      throw new IllegalArgumentException("partnernet.gateway.rate-limit.redis.url is not a redis:// or rediss:// URL"
          + " (redis://[:password@]host:port[/database])");
    }
  }

  private static String loadScript() {
    try (InputStream in = RedisBuckets.class.getResourceAsStream("token-buckets.lua")) {
      if (in == null) {
        throw new IllegalStateException("token-buckets.lua is missing from the gateway");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
