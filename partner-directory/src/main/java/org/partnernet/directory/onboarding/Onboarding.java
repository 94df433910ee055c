package org.partnernet.directory.onboarding;

import org.partnernet.servicekit.error.FailedPreconditionException;

/**
 * The identity provider's side of vetting: an approved organisation gets its organisation (group) and its registrant
 * becomes its partner-admin; a suspended organisation's accounts are disabled. Every method is idempotent, so a retried
 * approval or suspension can run it again.
 */
public interface Onboarding {

  /**
   * @param registrantUserId the person who registered it (may be null, e.g. for imported partners)
   */
  void approved(String partnerId, String name, String kind, String registrantUserId);

  void suspended(String partnerId);

  /**
   * Adds the person who signed up with {@code email} to the approved organisation with {@code role} (a realm role).
   * Throws NOT_FOUND when no account with that e-mail is free to join (none, or one in another organisation).
   */
  void invited(String partnerId, String email, String role);

  /** For tests and single-machine mode without Keycloak administration. */
  Onboarding NONE = new Onboarding() {
    @Override
    public void approved(String partnerId, String name, String kind, String registrantUserId) {}

    @Override
    public void suspended(String partnerId) {}

    @Override
    public void invited(String partnerId, String email, String role) {
      throw new FailedPreconditionException("ACCOUNTS_NOT_MANAGED",
          "this deployment does not manage accounts through the directory; add members in the identity provider");
    }
  };
}
