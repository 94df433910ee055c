package org.partnernet.directory.partner;

/** What kind of organisation a partner is. */
public enum PartnerKind {
  FAITH_BASED, SCHOOL, SHELTER, BUSINESS, NGO, HEALTHCARE, LEGAL, LAW_ENFORCEMENT, GOVERNMENT, OTHER
}
