package org.partnernet.directory.partner;

/** Vetting: PENDING → ACTIVE → SUSPENDED (→ ACTIVE again) or ARCHIVED (final). */
public enum PartnerStatus {
  PENDING, ACTIVE, SUSPENDED, ARCHIVED;

  boolean canBecome(PartnerStatus next) {
    return switch (this) {
      case PENDING -> next == ACTIVE || next == SUSPENDED || next == ARCHIVED;
      case ACTIVE -> next == ACTIVE || next == SUSPENDED || next == ARCHIVED;
      case SUSPENDED -> next == ACTIVE || next == SUSPENDED || next == ARCHIVED;
      case ARCHIVED -> false;
    };
  }
}
