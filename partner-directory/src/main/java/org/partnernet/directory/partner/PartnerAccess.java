package org.partnernet.directory.partner;

import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.PermissionDeniedException;

/** Who may do what to a partner (DESIGN.md §7 "who"). */
public final class PartnerAccess {

  private PartnerAccess() {}

  public static boolean isCoordinator(Caller caller) {
    return caller.hasRole(Role.COORDINATOR);
  }

  /** Own partner-admin or a coordinator. */
  static void requireCanEdit(Caller caller, String partnerId) {
    if (!(isCoordinator(caller) || (caller.hasRole(Role.PARTNER_ADMIN) && caller.belongsTo(partnerId)))) {
      throw new PermissionDeniedException("NOT_PARTNER_ADMIN",
          "only the partner's own partner-admin or a coordinator can change it");
    }
  }

  public static void requireCoordinator(Caller caller) {
    if (!isCoordinator(caller)) {
      throw new PermissionDeniedException("NOT_COORDINATOR", "only a coordinator can do this");
    }
  }

  /** Own organisation's intake staff or partner-admin. */
  static void requireCanReportCapacity(Caller caller, String partnerId) {
    if (!(caller.belongsTo(partnerId) && caller.hasAnyRole(Role.INTAKE, Role.PARTNER_ADMIN))) {
      throw new PermissionDeniedException("NOT_PARTNER_INTAKE",
          "only the partner's own intake staff or partner-admin can report its capacity");
    }
  }
}
