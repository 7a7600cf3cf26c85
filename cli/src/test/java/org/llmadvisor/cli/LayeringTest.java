package org.llmadvisor.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** This module's rules (DESIGN.md): packages without cycles, and no Quarkus below the app. */
@AnalyzeClasses(
    packages = "org.llmadvisor.cli",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule packages_are_free_of_cycles =
      slices().matching("org.llmadvisor.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule free_of_quarkus =
      noClasses()
          .that()
          .resideInAPackage("org.llmadvisor.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.quarkus..", "org.llmadvisor.app..");
}
