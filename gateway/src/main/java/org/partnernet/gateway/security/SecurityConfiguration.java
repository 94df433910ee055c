package org.partnernet.gateway.security;

import io.grpc.Status;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.partnernet.gateway.resilience.Backends;
import org.partnernet.gateway.system.ApiErrors;
import org.partnernet.gateway.system.GatewayProperties;
import org.partnernet.gateway.transcoding.ApiDescriptors;
import org.partnernet.gateway.transcoding.CallerCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Who may come in. API clients: a Keycloak bearer token (issuer, RS256 signature from the JWKS,
 * expiry, audience), verified once per token. Browsers: OIDC authorization code + PKCE with the
 * confidential client, a server-side session (tokens never reach the browser), CSRF on that cookie
 * session, and logout that ends the Keycloak session too. Public: health, the OpenAPI document, the
 * explorer page and the service status.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

  static final String REGISTRATION = "keycloak";
  static final String SESSION_COOKIE = "SESSION";
  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  /**
   * No observation per security filter, authentication and authorization: on the hot path they were a span and a
   * timer each, several per request, for what the request's own HTTP observation and the 401/403 counts already say.
   */
  @Bean
  SecurityObservationSettings securityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /** Spring Security's strict firewall, its header rules checked by a loop instead of a regular expression. */
  @Bean
  ServerWebExchangeFirewall firewall() {
    StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
    firewall.setAllowedHeaderNames(HeaderCharacters::allowedName);
    firewall.setAllowedHeaderValues(HeaderCharacters::allowedValue);
    return firewall;
  }

  @Bean
  ReactiveJwtDecoder jwtDecoder(GatewayProperties properties) {
    GatewayProperties.Security security = properties.security();
    NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder
        .withJwkSetUri(security.issuer() + "/protocol/openid-connect/certs")
        .build();
    nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
        JwtValidators.createDefaultWithIssuer(security.issuer()),
        new JwtClaimValidator<Object>("exp", exp -> exp != null),
        new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(security.audience()))));
    return new CachingJwtDecoder(nimbus, security.tokenCacheSize(), Clock.systemUTC());
  }

  @Bean
  ReactiveClientRegistrationRepository clientRegistrations(GatewayProperties properties) {
    GatewayProperties.Security security = properties.security();
    String oidc = security.issuer() + "/protocol/openid-connect";
    if (security.clientSecret().equals("dev-partnernet-gateway-secret")) {
      log.warn("the gateway uses the development client secret: set GATEWAY_CLIENT_SECRET in production");
    }
    return new InMemoryReactiveClientRegistrationRepository(ClientRegistration.withRegistrationId(REGISTRATION)
        .clientName("PartnerNet")
        .clientId(security.clientId())
        .clientSecret(security.clientSecret())
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
        .scope("openid", "profile")
        // endpoints spelled out: no discovery call at start, so the gateway starts without Keycloak
        .issuerUri(security.issuer())
        .authorizationUri(oidc + "/auth")
        .tokenUri(oidc + "/token")
        .jwkSetUri(oidc + "/certs")
        .userInfoUri(oidc + "/userinfo")
        .userNameAttributeName("preferred_username")
        .providerConfigurationMetadata(Map.of("end_session_endpoint", oidc + "/logout"))
        .build());
  }

  @Bean
  ServerOAuth2AuthorizedClientRepository authorizedClients() {
    return new WebSessionServerOAuth2AuthorizedClientRepository();
  }

  @Bean
  ReactiveOAuth2AuthorizedClientManager authorizedClientManager(ReactiveClientRegistrationRepository registrations,
      ServerOAuth2AuthorizedClientRepository authorizedClients) {
    DefaultReactiveOAuth2AuthorizedClientManager manager =
        new DefaultReactiveOAuth2AuthorizedClientManager(registrations, authorizedClients);
    manager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
        .authorizationCode()
        .refreshToken()
        .build());
    return manager;
  }

  @Bean
  CallerCredentials callerCredentials(ReactiveOAuth2AuthorizedClientManager manager) {
    return new RelayedCredentials(manager);
  }

  @Bean
  PartnerStandings partnerStandings(GatewayProperties properties, ApiDescriptors api, Backends backends) {
    return DirectoryPartnerStandings.create(properties.partnerStatus(), api, backends);
  }

  /**
   * API clients with a bearer token: a lean chain of its own (no session, no CSRF, no login machinery),
   * since this is the hot path every REST call takes.
   */
  @Bean
  @Order(1)
  SecurityWebFilterChain bearerTokenChain(ServerHttpSecurity http, GatewayProperties properties,
      ReactiveJwtDecoder jwtDecoder, PartnerStandings standings, CallerCredentials credentials) {
    http
        .securityMatcher(exchange -> exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
            ? ServerWebExchangeMatcher.MatchResult.match()
            : ServerWebExchangeMatcher.MatchResult.notMatch())
        .authorizeExchange(exchanges -> exchanges
            .pathMatchers(PUBLIC).permitAll()
            .anyExchange().authenticated())
        .oauth2ResourceServer(server -> server
            .jwt(jwt -> jwt.jwtDecoder(jwtDecoder))
            .authenticationEntryPoint(bearerEntryPoint()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .exceptionHandling(handling -> handling
            .authenticationEntryPoint(bearerEntryPoint())
            .accessDeniedHandler(accessDenied()))
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        // our SecurityHeadersFilter writes them on every response, also those Spring Security never sees
        .headers(ServerHttpSecurity.HeaderSpec::disable)
        .addFilterAfter(new PartnerStandingFilter(standings, credentials), SecurityWebFiltersOrder.AUTHORIZATION);
    cors(http, properties);
    return http.build();
  }

  /** Browsers (and anonymous callers): OIDC login, session cookie, CSRF, logout through Keycloak. */
  @Bean
  @Order(2)
  SecurityWebFilterChain browserChain(ServerHttpSecurity http, GatewayProperties properties,
      ReactiveClientRegistrationRepository registrations, ServerOAuth2AuthorizedClientRepository authorizedClients,
      PartnerStandings standings, CallerCredentials credentials) {
    DefaultServerOAuth2AuthorizationRequestResolver pkce = new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
    pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());

    OidcClientInitiatedServerLogoutSuccessHandler logout = new OidcClientInitiatedServerLogoutSuccessHandler(registrations);
    logout.setPostLogoutRedirectUri(properties.security().postLogoutRedirectUri());

    http
        .authorizeExchange(exchanges -> exchanges
            .pathMatchers(PUBLIC).permitAll()
            .pathMatchers("/api/**").authenticated()
            .anyExchange().authenticated())
        .oauth2Login(login -> login
            .authorizationRequestResolver(pkce)
            .authorizedClientRepository(authorizedClients))
        .logout(out -> out.logoutSuccessHandler(logout))
        .exceptionHandling(handling -> handling
            .authenticationEntryPoint(entryPoint())
            .accessDeniedHandler(accessDenied()))
        .csrf(csrf -> csrf
            .csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
            .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
            .requireCsrfProtectionMatcher(cookieSessionWrites()))
        .headers(ServerHttpSecurity.HeaderSpec::disable)
        .addFilterAfter(csrfCookie(), SecurityWebFiltersOrder.CSRF)
        .addFilterAfter(new PartnerStandingFilter(standings, credentials), SecurityWebFiltersOrder.AUTHORIZATION);
    cors(http, properties);
    return http.build();
  }

  private static final String[] PUBLIC = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus",
      "/api/openapi.json", "/api/status", "/explorer.html", "/explorer.js", "/explorer.css", "/favicon.ico"};

  private static ServerAccessDeniedHandler accessDenied() {
    return (exchange, denied) -> ApiErrors.write(exchange.getResponse(), Status.Code.PERMISSION_DENIED,
        "ACCESS_DENIED", "access denied");
  }

  /** CORS is closed unless origins are configured; then only for /api/**. */
  private static void cors(ServerHttpSecurity http, GatewayProperties properties) {
    List<String> origins = properties.cors().allowedOrigins();
    if (origins.isEmpty()) {
      http.cors(ServerHttpSecurity.CorsSpec::disable);
      return;
    }
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOrigins(origins);
    cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
    cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Idempotency-Key",
        "X-Request-Id", "X-XSRF-TOKEN"));
    cors.setExposedHeaders(List.of("X-Request-Id", HttpHeaders.RETRY_AFTER));
    cors.setMaxAge(3600L);
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/api/**", cors);
    http.cors(spec -> spec.configurationSource(source));
  }

  /** CSRF guards what a cookie can do: state-changing requests that ride on a session cookie. */
  private static ServerWebExchangeMatcher cookieSessionWrites() {
    return exchange -> {
      var request = exchange.getRequest();
      HttpMethod method = request.getMethod();
      boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
          || method == HttpMethod.TRACE;
      boolean bearer = request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
      boolean session = request.getCookies().containsKey(SESSION_COOKIE);
      return !safe && !bearer && session
          ? ServerWebExchangeMatcher.MatchResult.match()
          : ServerWebExchangeMatcher.MatchResult.notMatch();
    };
  }

  /** Makes the XSRF-TOKEN cookie appear for browser sessions so the web UI can echo it. */
  private static WebFilter csrfCookie() {
    return (exchange, chain) -> {
      if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
        return chain.filter(exchange);
      }
      Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
      return token == null ? chain.filter(exchange) : token.then(chain.filter(exchange));
    };
  }

  /** API paths answer 401 with a google.rpc.Status; other paths send the browser to the login. */
  private static ServerAuthenticationEntryPoint entryPoint() {
    ServerAuthenticationEntryPoint bearer = bearerEntryPoint();
    ServerAuthenticationEntryPoint login =
        new RedirectServerAuthenticationEntryPoint("/oauth2/authorization/" + REGISTRATION);
    return (exchange, e) -> {
      var request = exchange.getRequest();
      boolean api = request.getPath().value().startsWith("/api/")
          || request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
      return api ? bearer.commence(exchange, e) : login.commence(exchange, e);
    };
  }

  private static ServerAuthenticationEntryPoint bearerEntryPoint() {
    return (exchange, e) -> {
      boolean sent = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
      exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
          sent ? "Bearer error=\"invalid_token\"" : "Bearer");
      return ApiErrors.write(exchange.getResponse(), Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED",
          sent ? "the bearer token is not valid" : "a bearer token is required");
    };
  }
}
