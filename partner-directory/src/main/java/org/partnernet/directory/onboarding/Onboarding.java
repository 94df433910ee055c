package org.partnernet.directory.onboarding;

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

  /** For tests and single-machine mode without Keycloak administration. */
  Onboarding NONE = new Onboarding() {
    @Override
    public void approved(String partnerId, String name, String kind, String registrantUserId) {}

    @Override
    public void suspended(String partnerId) {}
  };
}
