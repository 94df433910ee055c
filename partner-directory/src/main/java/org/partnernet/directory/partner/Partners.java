package org.partnernet.directory.partner;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The directory's partners (the system of record). Every write is also appended to the change sequence. */
public interface Partners {

  Optional<Partner> find(String id);

  /** Throws {@link org.partnernet.servicekit.error.AlreadyExistsException} if the id is taken. */
  void insert(Partner partner);

  /** Stores {@code updated} if the stored version is still {@code expectedVersion}; false if someone was faster. */
  boolean replace(Partner updated, long expectedVersion);

  /** Sets a service's capacity; empty if the partner or the service does not exist. */
  Optional<Capacity> reportCapacity(String partnerId, String serviceId, Capacity capacity);

  /**
   * A page of partners ordered by name.
   *
   * @param visibleToOrganisation when not null, only ACTIVE partners and this organisation's own
   */
  List<Partner> list(Filter filter, String visibleToOrganisation, int offset, int limit);

  /** Partners with an id after {@code afterId} in id order (export, index rebuild). */
  List<Partner> afterId(String afterId, boolean activeOnly, int limit);

  /** Every partner, in id order, without holding them all in memory. */
  default void forEach(boolean activeOnly, Consumer<Partner> each) {
    String after = "";
    while (true) {
      List<Partner> page = afterId(after, activeOnly, 500);
      page.forEach(each);
      if (page.size() < 500) {
        return;
      }
      after = page.get(page.size() - 1).id();
    }
  }

  long count();

  /**
   * Ids of partners whose last write took a number in [from, to]: how a reader of the change sequence recovers the
   * writes behind a hole (a writer that crashed after writing the partner and before recording the change).
   */
  List<String> lastWrittenWithin(long from, long to);

  /** @param reviewDueAt when not null, only partners whose next review is due at or before this instant */
  record Filter(PartnerStatus status, PartnerKind kind, Instant reviewDueAt) {}
}
