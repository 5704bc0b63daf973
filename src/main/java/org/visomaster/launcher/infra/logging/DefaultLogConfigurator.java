package org.visomaster.launcher.infra.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration before {@link LauncherLogging#start} knows the workspace: warnings and errors on stderr,
 * nothing else. Found by logback through {@code META-INF/services}, so no XML is parsed at start-up and logback's
 * own default (every DEBUG line on stdout) never applies.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        configureDefaults(ctx);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configureDefaults(LoggerContext ctx) {
        LauncherLogging.bridgeJavaUtilLogging(ctx);
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(LauncherLogging.stderr(ctx));
        root.setLevel(Level.WARN);
    }
}
