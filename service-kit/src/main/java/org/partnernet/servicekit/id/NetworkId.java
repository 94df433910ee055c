package org.partnernet.servicekit.id;

/** The coalition network this deployment serves; every record carries it, so networks can federate later. */
public record NetworkId(String value) {

  public NetworkId {
    if (value == null || !value.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("partnernet.network-id must be lower-case letters, digits and dashes");
    }
  }
}
