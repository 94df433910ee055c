package org.partnernet.resources.training;

import org.partnernet.servicekit.caller.Caller;

/**
 * Decides whether the caller books on behalf of a school. Only partner-directory knows an organisation's kind;
 * until this service asks it, {@link #byRole()} trusts the caller's role.
 */
@FunctionalInterface
public interface Schools {

  boolean booksForASchool(Caller caller);

  /**
   * Any partner-admin may book for its organisation (the booking carries the organisation from the token). To be
   * replaced by a check of the organisation's partner kind (SCHOOL) in partner-directory.
   */
  static Schools byRole() {
    return caller -> caller.hasRole(org.partnernet.servicekit.caller.Role.PARTNER_ADMIN);
  }
}
