package org.partnernet.referral.alert;

import java.time.Instant;
import java.util.List;

/**
 * The alerting about one EMERGENCY referral or capacity question for one recipient organisation: which step of the
 * escalation is next, when, and which deliveries of that step already went out. Ids only, never an address.
 *
 * @param step      the next step: 0 .. n-1 the recipient's on-call contacts in turn, then the sender and the
 *                  network's coordinators (see {@link Alerting})
 * @param dueAt     when the next step (or the next try of it) is due
 * @param delivered the deliveries of the current step already made ({@code email:2}, {@code sms:0}), so a retry or
 *                  another replica does not repeat them
 * @param attempts  failed tries of the current step
 */
record Alert(String id, Subject subject, String subjectId, String recipientPartner, String senderPartner, int step,
             Instant dueAt, List<String> delivered, int attempts, boolean done) {

  /** What waits for an answer. */
  enum Subject { REFERRAL, CAPACITY_CHECK }

  static String idOf(Subject subject, String subjectId, String recipientPartner) {
    return subject.name().toLowerCase() + "/" + subjectId + "/" + recipientPartner;
  }
}
