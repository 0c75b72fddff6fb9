package dev.arena.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The modules depend one way: core ← diag ← tui ← cli. A class in a lower module that names a
 * class of a higher one would compile only by accident of the classpath; here it fails the build.
 */
@AnalyzeClasses(packages = "dev.arena", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleLayersTest {

    @ArchTest
    static final ArchRule coreDependsOnNoToolModule = noClasses()
            .that()
            .resideInAnyPackage(ArenaPackages.CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.arena.diag..", "dev.arena.tui..", "dev.arena.app..");

    @ArchTest
    static final ArchRule diagDependsOnNeitherConsoleNorCommandLine = noClasses()
            .that()
            .resideInAPackage("dev.arena.diag..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.arena.tui..", "dev.arena.app..");

    @ArchTest
    static final ArchRule consoleDependsNotOnTheCommandLine = noClasses()
            .that()
            .resideInAPackage("dev.arena.tui..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.arena.app..");
}
