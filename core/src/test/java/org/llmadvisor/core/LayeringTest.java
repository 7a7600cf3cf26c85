package org.llmadvisor.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core's rules (DESIGN.md): its packages import each other one way only, and it knows nothing
 * of HTTP, Quarkus, langchain4j, the machine it runs on or the modules built on it.
 */
@AnalyzeClasses(
    packages = "org.llmadvisor.core",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule packages_are_free_of_cycles =
      slices().matching("org.llmadvisor.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule core_is_free_of_frameworks =
      noClasses()
          .that()
          .resideInAPackage("org.llmadvisor.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.quarkus..",
              "jakarta..",
              "io.vertx..",
              "dev.langchain4j..",
              "oshi..",
              "java.net.http..",
              "org.llmadvisor.providers..",
              "org.llmadvisor.machine..",
              "org.llmadvisor.service..",
              "org.llmadvisor.app..");
}
