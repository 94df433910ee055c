package org.partnernet.resources.training;

/** REQUESTED → CONFIRMED | DECLINED; CONFIRMED → COMPLETED when the school records the session. */
public enum BookingStatus {
  REQUESTED, CONFIRMED, DECLINED, COMPLETED
}
