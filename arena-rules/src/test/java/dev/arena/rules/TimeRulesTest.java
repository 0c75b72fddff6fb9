package dev.arena.rules;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Time is read one way: main code measures elapsed time and waits through an injected
 * {@code dev.arena.time.Ticker} (wall time through a {@code java.time.Clock}), so tests can move
 * time by hand instead of sleeping. Only the system ticker touches the JVM's clock and sleep; the
 * synthetic producers' pacing (a simulated model's latency, the demo's idle spell after a failed
 * wave) may sleep directly, since nothing tests their timing.
 */
@AnalyzeClasses(packages = "dev.arena", importOptions = ImportOption.DoNotIncludeTests.class)
class TimeRulesTest {

    private static final String SYSTEM_TICKER = "dev.arena.time.SystemTicker";

    @ArchTest
    static final ArchRule onlyTheSystemTickerReadsNanoTime = noClasses()
            .that()
            .doNotHaveFullyQualifiedName(SYSTEM_TICKER)
            .should()
            .callMethod(System.class, "nanoTime")
            .because("elapsed time comes from an injected Ticker (ticker.nanos(), ticker.since(start))");

    @ArchTest
    static final ArchRule onlyTheSystemTickerAndSyntheticPacingSleep = noClasses()
            .that()
            .doNotHaveFullyQualifiedName(SYSTEM_TICKER)
            .and()
            .doNotHaveFullyQualifiedName("dev.arena.sim.SimulatedLlm")
            .and()
            .doNotHaveFullyQualifiedName("dev.arena.app.demo.DemoTraffic")
            .should()
            .callMethodWhere(target(owner(type(Thread.class))).and(target(name("sleep"))))
            .because("waiting goes through an injected Ticker (sleep, pause), or a condition that is signalled");
}
