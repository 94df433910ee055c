package org.partnernet.resources.exchange;

/**
 * What is stored. OPEN / PARTLY_CLAIMED / FULFILLED are not stored but follow from the quantities of an ACTIVE
 * posting, so a single conditional {@code $inc} moves a posting between them with no second write to get wrong.
 */
public enum State {
  ACTIVE, WITHDRAWN, EXPIRED
}
