package org.partnernet.bench.jmh;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import io.micrometer.observation.ObservationRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.partnernet.api.directory.v1.SearchServicesResponse;
import org.partnernet.api.referral.v1.AgeRange;
import org.partnernet.api.referral.v1.CreateReferralResponse;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.ReferralState;
import org.partnernet.api.referral.v1.ReferralSummary;
import org.partnernet.api.referral.v1.StateChange;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.bench.search.SearchQueries;
import org.partnernet.bench.search.SearchScale;
import org.partnernet.directory.partner.ProtoMapping;
import org.partnernet.directory.search.SearchResult;
import org.partnernet.directory.search.ServiceIndex;
import org.partnernet.directory.taxonomy.Taxonomy;
import org.partnernet.gateway.resilience.Backends;
import org.partnernet.gateway.system.GatewayProperties;
import org.partnernet.gateway.transcoding.ApiDescriptors;
import org.partnernet.gateway.transcoding.HttpRoute;
import org.partnernet.gateway.transcoding.RequestMessages;
import org.partnernet.gateway.transcoding.RouteTable;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * JSON ⇄ protobuf transcoding as the gateway does it for every REST call, with the gateway's own classes: the route
 * table derived from the API descriptors, {@link RequestMessages} for the request (query parameters or JSON body to a
 * dynamic message) and the route's gRPC marshaller to the bytes that go on the wire; back, the marshaller parses the
 * service's bytes and the gateway's JSON printer prints them. Two calls: a search answered with 20 matches (real
 * ones, from a search over a 10,000-service synthetic index, translated as partner-directory translates them) and a
 * referral create. The backends are configured but never called (their channels point at a closed port).
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class TranscodingBenchmark {

  private static final String SEARCH_PATH = "/api/v1/services:search";
  private static final String REFERRALS_PATH = "/api/v1/referrals";
  /** What the web UI sends for a new referral: recipient, services, urgency, summary, consent and a disclosure. */
  private static final String CREATE_REFERRAL_JSON = """
      {"referral": {"recipientPartner": "partners/p0000417", "requestedServices": ["housing.emergency-shelter",
        "health.trauma-counselling"], "urgency": "URGENCY_URGENT", "summary": {"ageRange": {"minAge": 25,
        "maxAge": 34}, "languages": ["es", "en"], "needs": ["housing.emergency-shelter", "health.trauma-counselling"],
        "gender": "female"}, "consent": "consents/01JD6Q3V7N8M2K4H5G6F7E8D9C"},
       "disclosure": {"identity": {"givenName": "María", "familyName": "Hernández López",
        "dateOfBirth": "1994-03-17", "identifiers": ["passport:X1234567"]},
        "contact": {"phone": "+1 216 555 0142", "email": "maria.h@mail.invalid",
        "address": "Riverton, safe address on file with the sender", "safeContactTimes": "weekdays 10-12 only"},
        "demographics": {"gender": "female", "nationality": "HN", "languages": ["es", "en"]},
        "needs": {"notes": "Needs a bed tonight for herself and a 6-year-old; trauma counselling in Spanish."},
        "safety": {"notes": "Former employer may be looking for her; do not call after 18:00."},
        "history": {"notes": "Left a labour trafficking situation two days ago; police report filed."}}}
      """;

  private Backends backends;
  private RouteTable routes;
  private RequestMessages messages;
  private JsonFormat.Printer printer;
  private MultiValueMap<String, String> searchQuery;
  private final MultiValueMap<String, String> noQuery = new LinkedMultiValueMap<>();
  private HttpRoute searchRoute;
  private HttpRoute createRoute;
  private byte[] searchResponse;
  private byte[] createResponse;

  @Setup
  public void setUp() throws IOException {
    ApiDescriptors api = ApiDescriptors.load(new DefaultResourceLoader(),
        List.of("classpath:partnernet/descriptors.binpb"));
    GatewayProperties properties = new GatewayProperties(null, Map.of(
        "partner-directory", new GatewayProperties.Backend("127.0.0.1:9", List.of("partnernet.directory.v1"), null),
        "referral-service", new GatewayProperties.Backend("127.0.0.1:9", List.of("partnernet.referral.v1"), null),
        "resources-service", new GatewayProperties.Backend("127.0.0.1:9", List.of("partnernet.resources.v1"), null)),
        null, null, null, null, null,
        new GatewayProperties.Breaker(null, null, null, null, Duration.ofHours(1)), null, null, null, null);
    backends = new Backends(properties, ObservationRegistry.NOOP);
    routes = RouteTable.build(api, backends, properties);
    messages = new RequestMessages(api.parser());
    printer = api.printer();
    searchQuery = new LinkedMultiValueMap<>();
    searchQuery.add("query", "bed tonight");
    searchQuery.add("taxonomy", "housing.emergency-shelter");
    searchQuery.add("taxonomy", "housing.transitional");
    searchQuery.add("lat", "41.4993");
    searchQuery.add("lng", "-81.6944");
    searchQuery.add("radiusKm", "25");
    searchQuery.add("hasCapacity", "true");
    searchQuery.add("language", "es");
    searchQuery.add("pageSize", "20");
    searchRoute = routes.match("GET", SEARCH_PATH).route();
    createRoute = routes.match("POST", REFERRALS_PATH).route();
    if (searchRoute.responseBodyField() != null || createRoute.responseBodyField() != null) {
      throw new IllegalStateException("these routes now print a part of the response: print it as the gateway does");
    }
    searchResponse = searchResponse().toByteArray();
    createResponse = createResponse().toByteArray();
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    backends.destroy();
  }

  @Benchmark
  public byte[] searchRequestToProto() throws IOException {
    RouteTable.Match match = routes.match("GET", SEARCH_PATH);
    DynamicMessage request = messages.build(match, searchQuery, "", null);
    return wire(match.route().grpcMethod().getRequestMarshaller().stream(request));
  }

  @Benchmark
  public String searchResponseToJson() throws IOException {
    DynamicMessage response = searchRoute.grpcMethod().getResponseMarshaller()
        .parse(new ByteArrayInputStream(searchResponse));
    return printer.print(response);
  }

  @Benchmark
  public byte[] createReferralRequestToProto() throws IOException {
    RouteTable.Match match = routes.match("POST", REFERRALS_PATH);
    DynamicMessage request = messages.build(match, noQuery, CREATE_REFERRAL_JSON, "6f1c2a9e-create-1");
    return wire(match.route().grpcMethod().getRequestMarshaller().stream(request));
  }

  @Benchmark
  public String createReferralResponseToJson() throws IOException {
    DynamicMessage response = createRoute.grpcMethod().getResponseMarshaller()
        .parse(new ByteArrayInputStream(createResponse));
    return printer.print(response);
  }

  /** What gRPC does with a marshalled request: drains the stream onto the transport. */
  private static byte[] wire(InputStream stream) throws IOException {
    try (stream) {
      return stream.readAllBytes();
    }
  }

  /** 20 matches of a real search, with facets, as partner-directory's gRPC service builds its answer. */
  private static SearchServicesResponse searchResponse() throws IOException {
    try (ServiceIndex index = new ServiceIndex(new ByteBuffersDirectory(), new Taxonomy())) {
      SearchScale.build(index, 10_000);
      SearchQueries queries = new SearchQueries(7, 64);
      SearchResult result = index.search(queries.next());
      while (result.hits().size() < 20) {
        result = index.search(queries.next());
      }
      return ProtoMapping.toProto(result, "czE6MjA6LTE5ODQ");
    }
  }

  private static CreateReferralResponse createResponse() {
    com.google.protobuf.Timestamp sent = com.google.protobuf.Timestamp.newBuilder().setSeconds(1_780_000_000L).build();
    return CreateReferralResponse.newBuilder().setReferral(Referral.newBuilder()
        .setName("referrals/01JD6QA1B2C3D4E5F6G7H8J9K0").setId("01JD6QA1B2C3D4E5F6G7H8J9K0").setNetworkId("riverton")
        .setSenderPartner("partners/p0000012").setSenderUser("9d2c7a1e-4b5f-4c3d-8e9f-0a1b2c3d4e5f")
        .setRecipientPartner("partners/p0000417")
        .addRequestedServices("housing.emergency-shelter").addRequestedServices("health.trauma-counselling")
        .setUrgency(Urgency.URGENCY_URGENT)
        .setSummary(ReferralSummary.newBuilder().setAgeRange(AgeRange.newBuilder().setMinAge(25).setMaxAge(34))
            .addLanguages("es").addLanguages("en").addNeeds("housing.emergency-shelter")
            .addNeeds("health.trauma-counselling").setGender("female"))
        .setConsent("consents/01JD6Q3V7N8M2K4H5G6F7E8D9C").setState(ReferralState.REFERRAL_STATE_SENT)
        .addDisclosureCategories(DataCategory.DATA_CATEGORY_IDENTITY)
        .addDisclosureCategories(DataCategory.DATA_CATEGORY_CONTACT)
        .addDisclosureCategories(DataCategory.DATA_CATEGORY_DEMOGRAPHICS)
        .addDisclosureCategories(DataCategory.DATA_CATEGORY_NEEDS)
        .setRespondBy(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_780_000_000L + 4 * 3600))
        .addHistory(StateChange.newBuilder().setToState(ReferralState.REFERRAL_STATE_SENT)
            .setActor("9d2c7a1e-4b5f-4c3d-8e9f-0a1b2c3d4e5f").setActorPartner("partners/p0000012").setTime(sent)))
        .build();
  }
}
