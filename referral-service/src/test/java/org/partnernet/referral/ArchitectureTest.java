package org.partnernet.referral;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The arrows CONVENTIONS.md asks for, kept true. */
class ArchitectureTest {

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.partnernet.referral");

  @Test
  void generatedProtoClassesStayInTheGrpcTranslationAndTheDirectoryClient() {
    noClasses().that().resideOutsideOfPackages("..referral.api..", "..referral.directory..")
        .should().dependOnClassesThat().resideInAPackage("org.partnernet.api..")
        .check(MAIN);
  }

  @Test
  void theDomainRecordsKnowNeitherSpringNorTheDatabase() {
    noClasses().that().haveSimpleNameEndingWith("State").or().haveSimpleName("Transition")
        .or().haveSimpleName("Referral").or().haveSimpleName("Consent").or().haveSimpleName("Category")
        .or().haveSimpleName("AuditRecord")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..")
        .check(MAIN);
  }

  @Test
  void onlyTheSystemPackageWiresSpring() {
    noClasses().that().resideInAnyPackage("..referral.lifecycle..", "..referral.consent..", "..referral.crypto..",
            "..referral.audit..", "..referral.directory..")
        .should().dependOnClassesThat().resideInAPackage("org.springframework..")
        .orShould().dependOnClassesThat().haveSimpleName("CallerInterceptor")
        .check(MAIN);
  }
}
