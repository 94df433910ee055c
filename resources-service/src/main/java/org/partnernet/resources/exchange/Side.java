package org.partnernet.resources.exchange;

/** Offers and needs share one shape and one store implementation; the side says which collection. */
public enum Side {
  OFFER, NEED;

  String label() {
    return this == OFFER ? "offer" : "need";
  }
}
