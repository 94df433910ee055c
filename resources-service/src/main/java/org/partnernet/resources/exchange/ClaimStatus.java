package org.partnernet.resources.exchange;

/** PENDING reserves quantity on the offer; REFUSED gives it back; CONFIRMED keeps it. */
public enum ClaimStatus {
  PENDING, CONFIRMED, REFUSED
}
