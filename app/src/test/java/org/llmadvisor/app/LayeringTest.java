package org.llmadvisor.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The app's rules (DESIGN.md): each package one concern, arrows one way. The doors ({@code api},
 * {@code gateway}, {@code mcp}) are on top and nothing depends on them; what two doors share lives
 * in {@code facade}, below them.
 */
@AnalyzeClasses(
    packages = "org.llmadvisor.app",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule packages_are_free_of_cycles =
      slices().matching("org.llmadvisor.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule nothing_depends_on_the_rest_api =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.llmadvisor.app.api..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.llmadvisor.app.api..");

  @ArchTest
  static final ArchRule nothing_depends_on_the_gateway =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.llmadvisor.app.gateway..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.llmadvisor.app.gateway..");

  @ArchTest
  static final ArchRule nothing_depends_on_mcp =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.llmadvisor.app.mcp..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.llmadvisor.app.mcp..");

  @ArchTest
  static final ArchRule the_services_below_do_not_reach_up =
      noClasses()
          .that()
          .resideInAnyPackage(
              "org.llmadvisor.app.routing..",
              "org.llmadvisor.app.ledger..",
              "org.llmadvisor.app.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.llmadvisor.app.plan..", "org.llmadvisor.app.facade..");
}
