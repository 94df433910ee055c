package org.partnernet.resources.training;

/**
 * Whether an organisation is a school that may book trainings. Only partner-directory knows an organisation's kind,
 * so the answer comes from there; when it cannot be had the implementation throws (UNAVAILABLE, DEADLINE_EXCEEDED)
 * rather than guess, and nothing is booked.
 */
@FunctionalInterface
public interface Schools {

  /** True only for an ACTIVE partner of kind SCHOOL. */
  boolean isActiveSchool(String organisationId);
}
