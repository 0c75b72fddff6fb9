package dev.arena.app.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.DefaultJoranConfigurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up hook (registered in {@code META-INF/services}): reads the configuration file exactly as Logback
 * would on its own ({@code logback.configurationFile}, else {@code logback-test.xml}, else {@code logback.xml}), then
 * applies the format {@link LogFormatSetup} was asked for before anything logged. Logback runs it the first time a
 * logger is used, so a command that never logs never starts Logback.
 */
public final class ArenaLogbackConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        DefaultJoranConfigurator joran = new DefaultJoranConfigurator();
        joran.setContext(context);
        ExecutionStatus status = joran.configure(context);
        if (status == ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY) {
            LogFormatSetup.started(context);
        }
        return status;
    }
}
