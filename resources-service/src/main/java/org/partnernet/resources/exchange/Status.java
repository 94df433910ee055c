package org.partnernet.resources.exchange;

/** Where an offer or a need stands, as callers see it. */
public enum Status {
  OPEN, PARTLY_CLAIMED, FULFILLED, WITHDRAWN, EXPIRED
}
