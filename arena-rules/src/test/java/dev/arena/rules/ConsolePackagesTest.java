package dev.arena.rules;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The console (arena-tui) stays split by concept: its subpackages (text, terminal, runbook,
 * guarded, source, state, window, panel) depend on each other one way only, and the top package
 * {@code dev.arena.tui} keeps to the wiring: at most {@value #TOP_PACKAGE_LIMIT} classes.
 */
@AnalyzeClasses(packages = "dev.arena.tui", importOptions = ImportOption.DoNotIncludeTests.class)
class ConsolePackagesTest {

    static final int TOP_PACKAGE_LIMIT = 25;

    @ArchTest
    static final ArchRule consoleSubpackagesAreFreeOfCycles =
            slices().matching("dev.arena.tui.(*)..").should().beFreeOfCycles();

    @ArchTest
    static void theConsoleTopPackageHoldsAtMost25Classes(JavaClasses classes) {
        List<String> top = classes.stream()
                .filter(c -> c.getPackageName().equals("dev.arena.tui"))
                .filter(JavaClass::isTopLevelClass)
                .filter(c -> !c.getSimpleName().equals("package-info"))
                .map(JavaClass::getSimpleName)
                .sorted()
                .toList();
        assertThat(top)
                .as("top-level classes in dev.arena.tui: move one into the subpackage of its concept")
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(TOP_PACKAGE_LIMIT);
    }
}
