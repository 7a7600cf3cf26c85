package org.llmadvisor.providers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The providers' rules (DESIGN.md): the contract at the root, each provider in its own package
 * below it, the factory that knows them all beside them; no Quarkus.
 */
@AnalyzeClasses(
    packages = "org.llmadvisor.providers",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule packages_are_free_of_cycles =
      slices().matching("org.llmadvisor.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule providers_are_free_of_quarkus =
      noClasses()
          .that()
          .resideInAPackage("org.llmadvisor.providers..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.quarkus..", "jakarta..", "org.llmadvisor.app..");

  @ArchTest
  static final ArchRule only_the_factory_knows_every_provider =
      noClasses()
          .that()
          .resideInAPackage("org.llmadvisor.providers")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.llmadvisor.providers.ollama..",
              "org.llmadvisor.providers.openai..",
              "org.llmadvisor.providers.azure..",
              "org.llmadvisor.providers.vllm..",
              "org.llmadvisor.providers.factory..");
}
