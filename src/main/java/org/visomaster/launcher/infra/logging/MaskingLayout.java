package org.visomaster.launcher.infra.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** logback's pattern layout with {@link SecretMask} over the whole formatted line, its stack trace included. */
final class MaskingLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        return SecretMask.mask(super.doLayout(event));
    }
}
