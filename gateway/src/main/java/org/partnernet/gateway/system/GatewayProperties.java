package org.partnernet.gateway.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

/**
 * Everything the gateway can be told. Defaults are the local-laptop layout; each is overridable by
 * environment variable (see application.yaml).
 */
@ConfigurationProperties("partnernet.gateway")
public record GatewayProperties(
    List<String> descriptors,
    Map<String, Backend> backends,
    Duration unaryDeadline,
    Duration streamingDeadline,
    Map<String, Duration> methodDeadlines,
    Limits limits,
    RateLimit rateLimit,
    Breaker breaker,
    Security security,
    Cors cors,
    PartnerStatus partnerStatus,
    Duration sseHeartbeat) {

  public GatewayProperties {
    descriptors = descriptors == null || descriptors.isEmpty()
        ? List.of("classpath:partnernet/descriptors.binpb") : List.copyOf(descriptors);
    backends = backends == null ? Map.of() : Map.copyOf(backends);
    unaryDeadline = unaryDeadline == null ? Duration.ofSeconds(10) : unaryDeadline;
    streamingDeadline = streamingDeadline == null ? Duration.ZERO : streamingDeadline;
    methodDeadlines = methodDeadlines == null ? Map.of() : Map.copyOf(methodDeadlines);
    limits = limits == null ? new Limits(null, null) : limits;
    rateLimit = rateLimit == null ? new RateLimit(true, null, null, null) : rateLimit;
    breaker = breaker == null ? new Breaker(null, null, null, null, null) : breaker;
    security = security == null ? new Security(null, null, null, null, null, null) : security;
    cors = cors == null ? new Cors(null) : cors;
    partnerStatus = partnerStatus == null
        ? new PartnerStatus(false, null, null, null, null, null, null) : partnerStatus;
    sseHeartbeat = sseHeartbeat == null ? Duration.ofSeconds(15) : sseHeartbeat;
    if (sseHeartbeat.isNegative()) {
      throw new IllegalArgumentException("partnernet.gateway.sse-heartbeat must not be negative (0 switches it off)");
    }
  }

  /**
   * A gRPC service: where it listens ({@code host:port}, or {@code dns:///host:port} to resolve every address of
   * a headless Kubernetes Service), which proto packages it serves, how calls spread over the addresses
   * ({@code pick_first}: one connection; {@code round_robin}: every resolved address in turn), and the Spring Boot
   * SSL bundle for mutual TLS ({@code spring.ssl.bundle.*}: the certificate the gateway presents and the CA it
   * trusts; blank = plain text).
   */
  public record Backend(String target, List<String> packages, String loadBalancing, String sslBundle) {
    @ConstructorBinding
    public Backend {
      packages = packages == null ? List.of() : List.copyOf(packages);
      loadBalancing = loadBalancing == null || loadBalancing.isBlank() ? "pick_first" : loadBalancing.trim();
      sslBundle = sslBundle == null ? "" : sslBundle.trim();
    }

    /** A plain-text service. */
    public Backend(String target, List<String> packages, String loadBalancing) {
      this(target, packages, loadBalancing, null);
    }
  }

  /**
   * Request size limits. {@code maxUriLength}: longer request targets (path and query) get 414. Netty reads request
   * lines up to {@code server.netty.max-initial-line-length} (set far above this) so that the gateway, not the
   * decoder, answers: a decoder that gives up mid-line closes a connection with unread bytes, and the reset can
   * reach the client before the error does.
   */
  public record Limits(DataSize maxBodySize, DataSize maxUriLength) {
    public Limits {
      maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
      maxUriLength = maxUriLength == null ? DataSize.ofKilobytes(8) : maxUriLength;
    }
  }

  /** Token buckets: {@code ratePerSecond} refill, {@code burst} capacity. */
  public record Bucket(double ratePerSecond, int burst) {
    void check(String name) {
      if (!(ratePerSecond > 0)) {
        throw new IllegalArgumentException(
            "partnernet.gateway.rate-limit." + name + ".rate-per-second must be positive");
      }
      if (burst < 1) {
        throw new IllegalArgumentException("partnernet.gateway.rate-limit." + name + ".burst must be at least 1");
      }
    }
  }

  public record RateLimit(boolean enabled, Bucket user, Bucket organisation, Redis redis) {
    public RateLimit {
      user = user == null ? new Bucket(20, 40) : user;
      organisation = organisation == null ? new Bucket(100, 200) : organisation;
      redis = redis == null ? new Redis(null, null, null) : redis;
      user.check("user");
      organisation.check("organisation");
    }
  }

  /**
   * Buckets shared by every gateway replica in one Redis ({@code url}: {@code redis://[:password@]host:port[/db]}
   * or {@code rediss://} for TLS; blank = each replica keeps its own buckets in memory). A Redis call that fails
   * or takes longer than {@code timeout} is decided by the replica's own bucket instead, and Redis is left alone
   * for {@code retryAfter} before it is tried again.
   */
  public record Redis(String url, Duration timeout, Duration retryAfter) {
    public Redis {
      url = url == null ? "" : url.trim();
      timeout = timeout == null ? Duration.ofMillis(100) : timeout;
      retryAfter = retryAfter == null ? Duration.ofSeconds(5) : retryAfter;
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("partnernet.gateway.rate-limit.redis.timeout must be positive");
      }
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("partnernet.gateway.rate-limit.redis.retry-after must not be negative");
      }
    }

    public boolean configured() {
      return !url.isEmpty();
    }
  }

  public record Breaker(
      Integer slidingWindowSize,
      Integer minimumNumberOfCalls,
      Float failureRateThreshold,
      Duration waitInOpenState,
      Duration healthCheckInterval) {
    public Breaker {
      slidingWindowSize = slidingWindowSize == null ? 20 : slidingWindowSize;
      minimumNumberOfCalls = minimumNumberOfCalls == null ? 5 : minimumNumberOfCalls;
      failureRateThreshold = failureRateThreshold == null ? 50f : failureRateThreshold;
      waitInOpenState = waitInOpenState == null ? Duration.ofSeconds(5) : waitInOpenState;
      healthCheckInterval = healthCheckInterval == null ? Duration.ofSeconds(5) : healthCheckInterval;
    }
  }

  public record Security(
      String issuer,
      String audience,
      String clientId,
      String clientSecret,
      Integer tokenCacheSize,
      String postLogoutRedirectUri) {
    public Security {
      issuer = issuer == null ? "http://localhost:8180/realms/partnernet" : issuer;
      audience = audience == null ? "partnernet" : audience;
      clientId = clientId == null ? "partnernet-gateway" : clientId;
      clientSecret = clientSecret == null ? "dev-partnernet-gateway-secret" : clientSecret;
      tokenCacheSize = tokenCacheSize == null ? 10_000 : tokenCacheSize;
      postLogoutRedirectUri = postLogoutRedirectUri == null ? "{baseUrl}/" : postLogoutRedirectUri;
    }
  }

  public record Cors(List<String> allowedOrigins) {
    public Cors {
      allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
  }

  /**
   * The suspended-partner check. {@code method} is the full gRPC method that answers a partner's
   * status, called with the user's own token; {@code requestField} receives the organisation id and
   * {@code statusField} (a dotted path in the response) holds the status enum.
   */
  public record PartnerStatus(
      boolean enabled,
      String method,
      String requestField,
      String statusField,
      Duration refreshAfter,
      Duration expireAfter,
      Duration deadline) {
    public PartnerStatus {
      method = method == null ? "partnernet.directory.v1.PartnerDirectoryService/GetPartnerStatus" : method;
      requestField = requestField == null ? "partner" : requestField;
      statusField = statusField == null ? "status" : statusField;
      refreshAfter = refreshAfter == null ? Duration.ofSeconds(30) : refreshAfter;
      expireAfter = expireAfter == null ? Duration.ofSeconds(60) : expireAfter;
      deadline = deadline == null ? Duration.ofSeconds(2) : deadline;
    }
  }
}
