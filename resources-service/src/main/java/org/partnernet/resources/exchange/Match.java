package org.partnernet.resources.exchange;

/** A posting of the other side that fits, with why. */
public record Match(Posting posting, double distanceKm, double score, boolean coversQuantity) {}
