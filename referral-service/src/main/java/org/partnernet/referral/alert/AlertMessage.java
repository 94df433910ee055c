package org.partnernet.referral.alert;

/**
 * The words of an alert: that something EMERGENCY waits, and a link to the web UI. Built from constants and the
 * configured link only, so no personal data, summary, organisation name or id can reach a mailbox or a phone.
 */
record AlertMessage(String subject, String body, String text) {

  /** Who an alert is for: the recipient's on-call intake, or the sender and coordinators once it escalated. */
  enum Audience { ON_CALL, ESCALATION }

  static AlertMessage of(Alert.Subject subject, Audience audience, String webUi) {
    String what = subject == Alert.Subject.REFERRAL ? "an EMERGENCY referral" : "an EMERGENCY capacity question";
    String title;
    String line;
    if (audience == Audience.ON_CALL) {
      title = "PartnerNet: " + what + " is waiting for your organisation";
      line = "PartnerNet: " + what + " is waiting for an answer from your organisation.";
    } else {
      title = "PartnerNet: " + what + " has not been answered yet";
      line = "PartnerNet: " + what + " sent in your network has not been answered by the recipient's on-call "
          + "intake in time.";
    }
    String body = line + "\n\nPlease sign in to answer or follow up: " + webUi + "\n\n"
        + "This message holds no details on purpose; they are only in PartnerNet.\n";
    return new AlertMessage(title, body, line + " " + webUi);
  }
}
