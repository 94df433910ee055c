package org.partnernet.resources.event;

import java.time.Instant;
import org.partnernet.servicekit.event.EventWatches;

/**
 * Events per organisation, in the database so a watcher connected to any replica sees what any replica wrote.
 * Each organisation has its own gapless sequence, holding only its own events.
 */
public interface EventLog extends EventWatches.Log<ResourceEvent> {

  /** Records an event for the organisation under its next sequence number. */
  void append(String organisation, EventType type, ResourceEvent.Subject subject);

  /** Forgets events older than the cut-off (a watch resuming from before it continues after the hole). */
  long deleteBefore(Instant cutoff);

  @Override
  default long sequence(ResourceEvent event) {
    return event.sequence();
  }

  @Override
  default boolean visibleTo(ResourceEvent event, String organisation) {
    return true;
  }
}
