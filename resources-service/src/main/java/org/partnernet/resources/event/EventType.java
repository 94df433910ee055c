package org.partnernet.resources.event;

/** What happened; each names which ids its event carries. */
public enum EventType {
  /** offer + need: an offer matching the organisation's open need was posted. */
  MATCHING_OFFER_POSTED,
  /** offer + claim: someone claimed part of the organisation's offer. */
  CLAIM_RECEIVED,
  /** offer + claim: the organisation's claim was confirmed. */
  CLAIM_CONFIRMED,
  /** offer + claim: the organisation's claim was refused. */
  CLAIM_REFUSED,
  /** training + booking: a school asked for a session. */
  BOOKING_REQUESTED,
  /** training + booking. */
  BOOKING_CONFIRMED,
  /** training + booking. */
  BOOKING_DECLINED,
  /** training + booking: the school recorded attendance and feedback. */
  BOOKING_COMPLETED
}
