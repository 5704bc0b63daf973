package org.visomaster.launcher.engine;

import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to every listener; a listener that throws does not stop the others. */
public final class EventBus implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final CopyOnWriteArrayList<EventSink> listeners = new CopyOnWriteArrayList<>();

    public AutoCloseable subscribe(EventSink listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void emit(ProvisionEvent event) {
        for (EventSink l : listeners) {
            try {
                l.emit(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener {} failed on {}", l.getClass().getName(), event.getClass().getSimpleName(), e);
            }
        }
    }
}
