package org.partnernet.resources.event;

import java.util.List;

/**
 * Events per organisation, in the database so a watcher connected to any replica sees what any replica wrote.
 * Each organisation has its own gapless sequence.
 */
public interface EventLog {

  /** Records an event for the organisation under its next sequence number. */
  void append(String organisation, EventType type, ResourceEvent.Subject subject);

  /** The organisation's events with a sequence above {@code after}, in order. */
  List<ResourceEvent> after(String organisation, long after, int limit);

  /** The organisation's last assigned sequence (0 when none). */
  long latest(String organisation);

  /** Forgets events older than the cut-off (a watch resuming from before it continues after the hole). */
  long deleteBefore(java.time.Instant cutoff);
}
