package org.visomaster.launcher.frontend.upload;

import org.visomaster.launcher.engine.EventSink;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.ProvisionStatus;

/** What the page shows of provisioning: a status snapshot and the live events. */
interface ProvisionFeed {
    ProvisionStatus status();

    /** Starts delivering events to {@code sink}; closing the result stops it. */
    AutoCloseable subscribe(EventSink sink);

    static ProvisionFeed of(ProvisionService service) {
        return new ProvisionFeed() {
            @Override
            public ProvisionStatus status() {
                return service.status();
            }

            @Override
            public AutoCloseable subscribe(EventSink sink) {
                return service.events().subscribe(sink);
            }
        };
    }
}
