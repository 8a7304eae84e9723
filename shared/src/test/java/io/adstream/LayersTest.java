package io.adstream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of the domain core and its adapters. Package by capability (validation, pii, dedup,
 * attribution, aggregation, features, alerts, ...): each owns its logic and, in its {@code aws}
 * package, its persistence; the generic state machinery knows none of them. The handler and CDK
 * modules are wiring and are not checked here.
 */
@AnalyzeClasses(packages = "io.adstream", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

  @ArchTest
  static final ArchRule awsSdkOnlyInAwsPackages =
      noClasses()
          .that()
          .resideOutsideOfPackage("..aws..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("software.amazon..")
          .because(
              "the domain core talks to AWS through small interfaces, implemented in */aws/ adapters");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.adstream.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule noCycleBetweenCapabilities =
      slices()
          .matching("io.adstream.(*)..")
          .should()
          .beFreeOfCycles()
          // config names each capability's settings types and every adapter reads config: that is
          // no layering
          .ignoreDependency(
              DescribedPredicate.alwaysTrue(),
              JavaClass.Predicates.resideInAPackage("io.adstream.config.."));

  @ArchTest
  static final ArchRule stateKnowsNoCapability =
      classes()
          .that()
          .resideInAPackage("io.adstream.state..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "io.adstream.state..",
              "io.adstream.stream..",
              "io.adstream.config..",
              "java..",
              "com.fasterxml.jackson..",
              "software.amazon.awssdk..")
          .because(
              "stores are generic: each capability brings its own item mapping, as Kafka Streams users bring Serdes");
}
