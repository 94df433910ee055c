package org.partnernet.directory.partner;

/** A work contact of a partner (never a survivor). */
public record Contact(String id, Purpose purpose, String name, String title, String email, String phone) {

  public enum Purpose { GENERAL, REFERRAL_INTAKE, EMERGENCY }
}
