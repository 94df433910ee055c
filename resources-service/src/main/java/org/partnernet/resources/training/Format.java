package org.partnernet.resources.training;

/** How a training is delivered; HYBRID means either, as the school prefers. */
public enum Format {
  IN_PERSON, VIRTUAL, HYBRID;

  /** The formats a training may have to serve a school that asked for this one. */
  java.util.List<Format> servedBy() {
    return switch (this) {
      case IN_PERSON -> java.util.List.of(IN_PERSON, HYBRID);
      case VIRTUAL -> java.util.List.of(VIRTUAL, HYBRID);
      case HYBRID -> java.util.List.of(HYBRID);
    };
  }
}
