package dev.arena.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Packages depend one way, so each can be read (and changed) knowing only what it imports. A cycle
 * means two packages are one concept split in two, or one of them holds something in the wrong
 * place. An API package's static factory naming its own implementations ({@code Brokers} →
 * {@code broker.redis}) is the one pattern allowed, because the implementations sit below it.
 */
@AnalyzeClasses(packages = "dev.arena", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule topLevelPackagesAreFreeOfCycles =
            slices().matching("dev.arena.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule diagnosticsPackagesAreFreeOfCycles =
            slices().matching("dev.arena.diag.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule diagnosticsBaseTypesDependOnNoDiagnosticsPackage = noClasses()
            .that()
            .resideInAPackage("dev.arena.diag")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.arena.diag.(*)..");

    @ArchTest
    static final ArchRule configurationDependsOnNothingItConfigures = noClasses()
            .that()
            .resideInAPackage("dev.arena.config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.arena.broker..", "dev.arena.store..", "dev.arena.server..", "dev.arena.fork..");

    @ArchTest
    static final ArchRule wireTypesDependOnNothingButEachOther = noClasses()
            .that()
            .resideInAPackage("dev.arena.wire..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.arena.broker..",
                    "dev.arena.store..",
                    "dev.arena.server..",
                    "dev.arena.fork..",
                    "dev.arena.config..",
                    "dev.arena.diag..",
                    "dev.arena.tui..",
                    "dev.arena.app..");
}
