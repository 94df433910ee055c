package org.partnernet.directory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The arrows CONVENTIONS.md asks for, kept true. */
class ArchitectureTest {

  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("org.partnernet.directory");

  static final String[] DOMAIN = {"Partner", "Profile", "Service", "Location", "Address", "GeoPoint", "Capacity",
      "Eligibility", "Contact", "ReferralIntake", "Verification", "PartnerKind", "PartnerStatus", "TaxonomyTerm",
      "SearchQuery", "SearchResult", "ServiceHit", "Partners"};

  @Test
  void theDomainKnowsNeitherSpringNorMongoNorTheWire() {
    noClasses().that().haveSimpleNameStartingWith("").and(com.tngtech.archunit.base.DescribedPredicate.describe(
            "are domain types", c -> java.util.Arrays.asList(DOMAIN).contains(c.getSimpleName().split("\\$")[0])))
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..",
            "org.partnernet.api..")
        .check(CLASSES);
  }

  @Test
  void generatedProtoClassesStayInTheGrpcTranslation() {
    noClasses().that().doNotHaveSimpleName("PartnerGrpcService").and().doNotHaveSimpleName("ProtoMapping")
        .and().doNotHaveSimpleName("HsdsGrpc").and().doNotHaveSimpleName("HsdsEndpoints")
        .and().resideOutsideOfPackage("org.partnernet.directory.partner.PartnerGrpcService..")
        .and(com.tngtech.archunit.base.DescribedPredicate.describe("are not nested in them",
            c -> !c.getName().contains("PartnerGrpcService$")))
        .should().dependOnClassesThat().resideInAPackage("org.partnernet.api..")
        .check(CLASSES);
  }
}
