package org.partnernet.resources.training;

/** Who a training is for. */
public enum Audience {
  STUDENTS_ELEMENTARY, STUDENTS_MIDDLE, STUDENTS_HIGH, TEACHERS, PARENTS, STAFF
}
