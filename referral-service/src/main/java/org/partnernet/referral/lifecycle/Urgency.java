package org.partnernet.referral.lifecycle;

/** How soon the recipient must answer. */
public enum Urgency { EMERGENCY, URGENT, ROUTINE }
