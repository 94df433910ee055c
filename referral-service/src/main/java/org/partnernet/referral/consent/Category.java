package org.partnernet.referral.consent;

/** The kinds of personal data a consent covers and a disclosure carries. */
public enum Category {
  IDENTITY, CONTACT, DEMOGRAPHICS, NEEDS, SAFETY, HISTORY
}
