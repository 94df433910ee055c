package org.partnernet.resources.exchange;

/** What is offered or needed. */
public enum Kind {
  VOLUNTEERS, SPACE, GOODS, FUNDING, TRAINING, JOBS, TRANSPORT, INTERPRETATION, EXPERTISE
}
