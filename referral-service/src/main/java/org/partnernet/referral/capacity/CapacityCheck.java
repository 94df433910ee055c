package org.partnernet.referral.capacity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.partnernet.referral.lifecycle.Urgency;

/** An anonymous capacity question and its answers by partner id: nothing in it identifies a person. */
public record CapacityCheck(String id, String networkId, String askerPartner, String askerUser, List<String> needs,
                            int minAge, int maxAge, String gender, List<String> languages, Urgency urgency,
                            String timeframe, List<String> askedPartners, Map<String, Answer> answers,
                            Instant createTime, Instant expireTime, String requestKey, String fingerprint) {

  public enum Kind { CAPACITY, NO_CAPACITY, WAITLIST, ASSESSMENT_REQUIRED }

  public record Answer(Kind kind, String note, Instant time, String user, String requestId) {}

  /** What a caseworker asks. */
  public record Question(List<String> needs, int minAge, int maxAge, String gender, List<String> languages,
                         Urgency urgency, String timeframe, List<String> askedPartners) {}

  public boolean expired(Instant now) {
    return !now.isBefore(expireTime);
  }
}
