package io.securepool.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layering of the core, enforced: from the bottom, {@code api} (refusals and the rule
 * catalogue); the public contracts ({@code event}, {@code health}, {@code audit}, {@code session},
 * {@code posture}, {@code inspect}, {@code credentials}); {@code config}; the guards under {@code
 * internal}; and on top the front door ({@code io.securepool.SecureDataSource}), the Vault provider
 * and the CLI. A new package cycle, a public type reaching into {@code internal}, or a guard
 * reaching up to the front door fails the build.
 */
class ArchitectureTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.securepool");

  /** The packages a user's code touches: none of them may depend on an implementation. */
  private static final String[] CONTRACTS = {
    "io.securepool.api..",
    "io.securepool.config..",
    "io.securepool.event..",
    "io.securepool.health..",
    "io.securepool.audit..",
    "io.securepool.session..",
    "io.securepool.posture..",
    "io.securepool.inspect..",
    "io.securepool.credentials"
  };

  @Test
  void packagesFormNoCycle() {
    slices().matching("io.securepool.(**)").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void theApiDependsOnNothingElseOfSecurePool() {
    noClasses()
        .that()
        .resideInAPackage("io.securepool.api..")
        .should()
        .dependOnClassesThat(resideInSecurePoolBut("io.securepool.api"))
        .check(CORE);
  }

  @Test
  void contractsNeverDependOnImplementations() {
    noClasses()
        .that()
        .resideInAnyPackage(CONTRACTS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.securepool",
            "io.securepool.internal..",
            "io.securepool.credentials.vault..",
            "io.securepool.cli..")
        .check(CORE);
  }

  @Test
  void guardsNeverReachUpToTheFrontDoorOrTheCli() {
    noClasses()
        .that()
        .resideInAPackage("io.securepool.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.securepool", "io.securepool.cli..", "io.securepool.credentials.vault..")
        .check(CORE);
  }

  @Test
  void onlyTheCliUsesTheCli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.securepool.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.securepool.cli..")
        .check(CORE);
  }

  @Test
  void publicSignaturesOutsideInternalNeverNameAnInternalType() {
    classes()
        .that()
        .resideOutsideOfPackage("io.securepool.internal..")
        .and()
        .arePublic()
        .should(exposeNoInternalType())
        .check(CORE);
  }

  private static DescribedPredicate<JavaClass> resideInSecurePoolBut(String own) {
    return DescribedPredicate.describe(
        "reside in io.securepool outside " + own,
        type ->
            type.getPackageName().startsWith("io.securepool")
                && !type.getPackageName().startsWith(own));
  }

  private static ArchCondition<JavaClass> exposeNoInternalType() {
    return new ArchCondition<>("expose no io.securepool.internal type in a public signature") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (JavaCodeUnit member : type.getCodeUnits()) {
          if (!isVisible(member.getModifiers())) {
            continue;
          }
          List<JavaClass> named = new ArrayList<>(member.getRawParameterTypes());
          named.add(member.getRawReturnType());
          named.addAll(member.getExceptionTypes());
          report(type, member.getFullName(), named, events);
        }
        for (JavaField field : type.getFields()) {
          if (isVisible(field.getModifiers())) {
            report(type, field.getFullName(), List.of(field.getRawType()), events);
          }
        }
      }

      private boolean isVisible(java.util.Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC)
            || modifiers.contains(JavaModifier.PROTECTED);
      }

      private void report(
          JavaClass owner, String member, List<JavaClass> named, ConditionEvents events) {
        for (JavaClass type : named) {
          JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
          if (base.getPackageName().startsWith("io.securepool.internal")) {
            events.add(
                SimpleConditionEvent.violated(
                    owner, member + " names the internal type " + base.getName()));
          }
        }
      }
    };
  }
}
