package org.partnernet.directory.partner;

import org.partnernet.servicekit.error.NotFoundException;

/** The one NOT_FOUND every partner RPC gives (also for partners the caller may not see, so ids are not probed). */
final class PartnerNotFound extends NotFoundException {

  PartnerNotFound() {
    super("PARTNER_NOT_FOUND", "no partner has this id");
  }
}
