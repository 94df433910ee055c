package org.partnernet.servicekit.caller;

/** The realm roles of the partnernet Keycloak realm. */
public final class Role {
  public static final String COORDINATOR = "coordinator";
  public static final String PARTNER_ADMIN = "partner-admin";
  public static final String CASEWORKER = "caseworker";
  public static final String INTAKE = "intake";
  public static final String TRAINER = "trainer";

  private Role() {}
}
