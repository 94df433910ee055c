package org.partnernet.directory.hsds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.directory.RunningDirectory.codeOf;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.directory.v1.ApprovePartnerRequest;
import org.partnernet.api.directory.v1.Contact;
import org.partnernet.api.directory.v1.ContactPurpose;
import org.partnernet.api.directory.v1.OpeningHours;
import org.partnernet.api.directory.v1.ExportHsdsRequest;
import org.partnernet.api.directory.v1.ExportHsdsResponse;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.ImportError;
import org.partnernet.api.directory.v1.ImportHsdsRequest;
import org.partnernet.api.directory.v1.ImportHsdsResponse;
import org.partnernet.api.directory.v1.Partner;
import org.partnernet.api.directory.v1.PartnerStatus;
import org.partnernet.api.directory.v1.RegisterPartnerRequest;
import org.partnernet.directory.Fixtures;
import org.partnernet.directory.RunningDirectory;
import org.partnernet.servicekit.caller.Role;

/**
 * Open Referral HSDS 3.0: the official examples (copied into test resources from shared/hsds) import, re-importing
 * changes nothing, bad records are reported without aborting, and the export validates against the official schemas and
 * never contains a confidential location.
 */
class HsdsTest {

  static final String EXAMPLE_ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610";
  static final String COORDINATION = "01900000-0000-7000-8000-000000000006";

  @TempDir
  static Path data;
  static RunningDirectory directory;

  @BeforeAll
  static void start() {
    directory = RunningDirectory.start(data);
  }

  @AfterAll
  static void stop() {
    directory.close();
  }

  static String resource(String path) throws IOException {
    try (InputStream in = HsdsTest.class.getResourceAsStream("/hsds/" + path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Struct struct(String json) throws IOException {
    Struct.Builder b = Struct.newBuilder();
    JsonFormat.parser().merge(json, b);
    return b.build();
  }

  static List<Struct> contents(String listExample) throws IOException {
    Struct list = struct(resource("examples/" + listExample));
    List<Struct> items = new ArrayList<>();
    list.getFieldsOrThrow("contents").getListValue().getValuesList().forEach(v -> items.add(v.getStructValue()));
    return items;
  }

  static ImportHsdsRequest examples() throws IOException {
    return ImportHsdsRequest.newBuilder()
        .addOrganizations(struct(resource("examples/organization_full.json")))
        .addAllOrganizations(contents("organization_list.json"))
        .addServices(struct(resource("examples/service_full.json")))
        .addAllServices(contents("service_list.json"))
        .build();
  }

  @Test
  void theOfficialExamplesImportAndReimportingChangesNothing() throws Exception {
    var coordinator = directory.as(COORDINATION, Role.COORDINATOR);
    ImportHsdsResponse first = coordinator.importHsds(examples());
    assertThat(first.getCreated()).isPositive();
    // the example location has latitude 100: reported, imported without a point, batch not aborted
    assertThat(first.getErrorsList()).anyMatch(e -> e.getRecordType().equals("location")
        && e.getField().equals("latitude"));

    Partner imported = coordinator.getPartner(GetPartnerRequest.newBuilder().setPartner(EXAMPLE_ORG).build())
        .getPartner();
    assertThat(imported.getName()).isEqualTo("Example Organization Inc.");
    assertThat(imported.getStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_ACTIVE);
    assertThat(imported.getServicesList()).isNotEmpty();
    assertThat(imported.getLocationsList()).isNotEmpty();

    ImportHsdsResponse again = coordinator.importHsds(examples());
    assertThat(again.getCreated()).isZero();
    assertThat(again.getUpdated()).isZero();
    assertThat(again.getUnchanged()).isEqualTo(first.getCreated() + first.getUpdated() + first.getUnchanged());
    assertThat(coordinator.getPartner(GetPartnerRequest.newBuilder().setPartner(EXAMPLE_ORG).build()).getPartner()
        .getVersion()).isEqualTo(imported.getVersion());
  }

  @Test
  void badRecordsAreReportedOneByOneAndTheRestImports() throws Exception {
    String good = Fixtures.newOrg();
    var request = ImportHsdsRequest.newBuilder()
        .addOrganizations(struct("{\"id\": \"not-a-uuid\", \"name\": \"Broken\", \"description\": \"x\"}"))
        .addOrganizations(struct("{\"id\": \"" + good + "\", \"description\": \"no name\"}"))
        .addOrganizations(struct("{\"id\": \"" + Fixtures.newOrg() + "\", \"name\": \"Good Org\", \"description\": "
            + "\"fine\", \"website\": \"not a url\"}"))
        .addServices(struct("{\"id\": \"" + Fixtures.newOrg() + "\", \"name\": \"Orphan\", \"status\": \"active\", "
            + "\"organization_id\": \"" + Fixtures.newOrg() + "\"}"))
        .build();
    ImportHsdsResponse response = directory.as(COORDINATION, Role.COORDINATOR).importHsds(request);
    assertThat(response.getCreated()).isEqualTo(1);
    assertThat(response.getErrorsList()).extracting(ImportError::getField)
        .contains("id", "name", "website", "organization_id");
  }

  @Test
  void onlyCoordinatorsImportAndExport() {
    for (var stub : List.of(directory.as(Fixtures.newOrg(), Role.PARTNER_ADMIN),
        directory.as(Fixtures.newOrg(), Role.CASEWORKER, Role.INTAKE, Role.TRAINER))) {
      assertThat(codeOf(() -> stub.importHsds(ImportHsdsRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> stub.exportHsds(ExportHsdsRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
    }
  }

  @Test
  void theExportValidatesAgainstTheSchemasAndHasNoConfidentialLocation() throws Exception {
    String shelter = Fixtures.newOrg();
    Partner registered = directory.as(shelter, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder()
        .setPartner(Fixtures.shelter("Export Shelter")).build()).getPartner();
    String secretLocation = registered.getLocations(0).getId();
    var coordinator = directory.as(COORDINATION, Role.COORDINATOR);
    coordinator.approvePartner(ApprovePartnerRequest.newBuilder().setPartner(shelter).build());
    String legal = Fixtures.newOrg();
    directory.as(legal, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder()
        .setPartner(Fixtures.legalAid("Export Legal")).build());
    coordinator.approvePartner(ApprovePartnerRequest.newBuilder().setPartner(legal).build());
    coordinator.importHsds(examples());

    SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    Schema organization = schemas.getSchema(SchemaLocation.of("classpath:hsds/schema/entities/organization.json"));
    Schema service = schemas.getSchema(SchemaLocation.of("classpath:hsds/schema/entities/service.json"));

    List<String> organizations = new ArrayList<>();
    List<String> services = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ExportHsdsResponse page = coordinator.exportHsds(ExportHsdsRequest.newBuilder().setPageSize(2)
          .setPageToken(token).build());
      for (Struct o : page.getOrganizationsList()) {
        organizations.add(JsonFormat.printer().print(o));
      }
      for (Struct s : page.getServicesList()) {
        services.add(JsonFormat.printer().print(s));
      }
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty() && pages < 50);
    assertThat(pages).isGreaterThan(1);
    assertThat(organizations).anyMatch(o -> o.contains(shelter)).anyMatch(o -> o.contains(legal))
        .anyMatch(o -> o.contains(EXAMPLE_ORG));

    for (String o : organizations) {
      List<Error> errors = organization.validate(o, InputFormat.JSON);
      assertThat(errors).as(o).isEmpty();
    }
    for (String s : services) {
      List<Error> errors = service.validate(s, InputFormat.JSON);
      assertThat(errors).as(s).isEmpty();
    }
    String everything = String.join("\n", organizations) + String.join("\n", services);
    assertThat(everything).doesNotContain(secretLocation, "Hidden Lane", "44101");
    // the validator does catch a broken record (so the checks above can fail)
    assertThat(organization.validate("{\"id\": \"nope\", \"name\": 3}", InputFormat.JSON)).isNotEmpty();
  }

  @Test
  void theExamplesWeeklyScheduleBecomesOpeningHoursAndItsPhoneKeepsTheExtension() throws Exception {
    var coordinator = directory.as(COORDINATION, Role.COORDINATOR);
    // service_full alone: service_list.json holds the same service without schedules
    coordinator.importHsds(ImportHsdsRequest.newBuilder()
        .addOrganizations(struct(resource("examples/organization_full.json")))
        .addServices(struct(resource("examples/service_full.json"))).build());
    Partner imported = coordinator.getPartner(GetPartnerRequest.newBuilder().setPartner(EXAMPLE_ORG).build())
        .getPartner();
    var service = imported.getServicesList().stream()
        .filter(x -> x.getId().equals("ac148810-d857-441c-9679-408f346de14b")).findFirst().orElseThrow();
    assertThat(service.getHoursList()).extracting(h -> h.getDayOfWeek() + " " + h.getOpens() + "-" + h.getCloses())
        .containsExactly("4 10:00-18:00", "5 10:00-18:00");
    assertThat(service.getSchedule()).contains("10 am to 6pm weekdays");
    assertThat(imported.getContactsList()).extracting(Contact::getPhone)
        .contains("+44 1234 234567 x100");
  }

  @Test
  void openingHoursAndPhonesRoundTripThroughAnExportThatValidates() throws Exception {
    String org = Fixtures.newOrg();
    var weekdays = new ArrayList<OpeningHours>();
    for (int day = 1; day <= 5; day++) {
      weekdays.add(OpeningHours.newBuilder().setDayOfWeek(day).setOpens("09:00")
          .setCloses("17:00").build());
    }
    Partner original = Fixtures.legalAid("Hours Legal").toBuilder()
        .addContacts(Contact.newBuilder()
            .setPurpose(ContactPurpose.CONTACT_PURPOSE_REFERRAL_INTAKE)
            .setName("Intake line").setPhone("+1 555 0199 x42"))
        .setServices(0, Fixtures.legalAid("x").getServices(0).toBuilder().addAllHours(weekdays)
            .addHours(OpeningHours.newBuilder().setDayOfWeek(6).setOpens("10:00")
                .setCloses("13:00"))
            .setSchedule("Closed on public holidays."))
        .build();
    directory.as(org, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder().setPartner(original)
        .build());
    var coordinator = directory.as(COORDINATION, Role.COORDINATOR);
    coordinator.approvePartner(ApprovePartnerRequest.newBuilder().setPartner(org).build());

    Struct exportedOrg = null;
    Struct exportedService = null;
    String token = "";
    int pages = 0;
    do {
      ExportHsdsResponse page = coordinator.exportHsds(ExportHsdsRequest.newBuilder().setPageSize(100)
          .setPageToken(token).build());
      for (Struct o : page.getOrganizationsList()) {
        if (o.getFieldsOrThrow("id").getStringValue().equals(org)) {
          exportedOrg = o;
        }
      }
      for (Struct x : page.getServicesList()) {
        if (x.getFieldsOrThrow("organization_id").getStringValue().equals(org)) {
          exportedService = x;
        }
      }
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty() && pages < 50);
    assertThat(exportedOrg).isNotNull();
    assertThat(exportedService).isNotNull();

    SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    Schema scheduleSchema = schemas.getSchema(SchemaLocation.of("classpath:hsds/schema/entities/schedule.json"));
    Schema phoneSchema = schemas.getSchema(SchemaLocation.of("classpath:hsds/schema/entities/phone.json"));
    Schema serviceSchema = schemas.getSchema(SchemaLocation.of("classpath:hsds/schema/entities/service.json"));
    assertThat(serviceSchema.validate(JsonFormat.printer().print(exportedService), InputFormat.JSON)).isEmpty();
    List<String> schedules = new ArrayList<>();
    for (var v : exportedService.getFieldsOrThrow("schedules").getListValue().getValuesList()) {
      String json = JsonFormat.printer().print(v.getStructValue());
      assertThat(scheduleSchema.validate(json, InputFormat.JSON)).as(json).isEmpty();
      schedules.add(json.replaceAll("\\s", ""));
    }
    assertThat(schedules).anyMatch(x -> x.contains("\"byday\":\"MO,TU,WE,TH,FR\"")
        && x.contains("\"opens_at\":\"09:00\"") && x.contains("\"closes_at\":\"17:00\"")
        && x.contains("\"freq\":\"WEEKLY\""));
    assertThat(schedules).anyMatch(x -> x.contains("\"byday\":\"SA\"") && x.contains("\"opens_at\":\"10:00\""));
    assertThat(schedules).anyMatch(x -> x.contains("Closedonpublicholidays."));
    List<String> phones = new ArrayList<>();
    for (var v : exportedService.getFieldsOrThrow("phones").getListValue().getValuesList()) {
      phones.add(JsonFormat.printer().print(v.getStructValue()));
    }
    for (var v : exportedOrg.getFieldsOrThrow("phones").getListValue().getValuesList()) {
      phones.add(JsonFormat.printer().print(v.getStructValue()));
    }
    assertThat(phones).isNotEmpty();
    for (String phone : phones) {
      assertThat(phoneSchema.validate(phone, InputFormat.JSON)).as(phone).isEmpty();
    }
    assertThat(String.join("", phones).replaceAll("\\s", "")).contains("\"number\":\"+15550199\"")
        .contains("\"extension\":42");

    // import the export as another organisation: the same hours, text and phone come back
    String copy = Fixtures.newOrg();
    String copiedService = Fixtures.newOrg();
    String orgJson = JsonFormat.printer().print(exportedOrg).replace(org, copy);
    String serviceJson = JsonFormat.printer().print(exportedService).replace(org, copy)
        .replace(exportedService.getFieldsOrThrow("id").getStringValue(), copiedService);
    ImportHsdsResponse imported = coordinator.importHsds(ImportHsdsRequest.newBuilder()
        .addOrganizations(struct(orgJson)).addServices(struct(serviceJson)).build());
    assertThat(imported.getErrorsList()).isEmpty();
    Partner back = coordinator.getPartner(GetPartnerRequest.newBuilder().setPartner(copy).build()).getPartner();
    var service = back.getServicesList().stream().filter(x -> x.getId().equals(copiedService)).findFirst()
        .orElseThrow();
    assertThat(service.getHoursList()).containsExactlyInAnyOrderElementsOf(original.getServices(0).getHoursList());
    assertThat(service.getSchedule()).isEqualTo("Closed on public holidays.");
    assertThat(back.getContactsList()).extracting(Contact::getPhone)
        .contains("+1 555 0199 x42");
  }
}
