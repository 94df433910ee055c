package org.partnernet.servicekit.id;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Globally unique ids (UUIDv7: time-ordered, so indexes stay compact; random enough that ids from two networks never
 * collide, which federation relies on).
 */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String newId() {
    return uuidV7(System.currentTimeMillis()).toString();
  }

  static UUID uuidV7(long epochMillis) {
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (epochMillis << 16) | 0x7000L | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** True if the text is a UUID in canonical form (the shape every PartnerNet id has). */
  public static boolean isId(String text) {
    return text != null && text.length() == 36
        && text.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }
}
