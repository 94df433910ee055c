package org.partnernet.referral.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.partnernet.servicekit.error.FailedPreconditionException;

/** The state machine of DESIGN.md §3.3, move by move, including every move it must refuse. */
class TransitionTest {

  /** DESIGN.md §3.3, written out independently of {@link Transition}. */
  private static final Map<Transition, Set<ReferralState>> ALLOWED = Map.of(
      Transition.SEND, EnumSet.of(ReferralState.DRAFT),
      Transition.RECEIVE, EnumSet.of(ReferralState.SENT),
      Transition.ACCEPT, EnumSet.of(ReferralState.SENT, ReferralState.RECEIVED),
      Transition.DECLINE, EnumSet.of(ReferralState.SENT, ReferralState.RECEIVED),
      Transition.START, EnumSet.of(ReferralState.ACCEPTED),
      Transition.COMPLETE, EnumSet.of(ReferralState.IN_PROGRESS),
      Transition.FAIL, EnumSet.of(ReferralState.IN_PROGRESS),
      Transition.CANCEL, EnumSet.of(ReferralState.SENT, ReferralState.RECEIVED, ReferralState.ACCEPTED),
      Transition.EXPIRE, EnumSet.of(ReferralState.SENT, ReferralState.RECEIVED),
      Transition.REVOKE_CONSENT, EnumSet.complementOf(EnumSet.of(ReferralState.CONSENT_REVOKED)));

  @ParameterizedTest
  @EnumSource(Transition.class)
  void allowsExactlyTheDesignedMovesAndNamesTheStateOfEveryOther(Transition transition) {
    for (ReferralState state : ReferralState.values()) {
      if (ALLOWED.get(transition).contains(state)) {
        assertThat(transition.from(state)).isEqualTo(transition.to());
      } else {
        assertThatThrownBy(() -> transition.from(state))
            .isInstanceOfSatisfying(FailedPreconditionException.class, e -> {
              assertThat(e.getMessage()).contains(state.name());
              assertThat(e.reason()).isEqualTo("REFERRAL_STATE_" + state.name());
            });
      }
    }
  }

  @Test
  void reasonsAreRequiredForDeclineFailAndCancel() {
    assertThat(EnumSet.allOf(Transition.class)).filteredOn(Transition::reasonRequired)
        .containsExactlyInAnyOrder(Transition.DECLINE, Transition.FAIL, Transition.CANCEL);
  }

  @Test
  void closedStatesAndWhatTheRecipientMayRead() {
    assertThat(EnumSet.allOf(ReferralState.class)).filteredOn(ReferralState::isClosed).containsExactlyInAnyOrder(
        ReferralState.DECLINED, ReferralState.COMPLETED, ReferralState.FAILED, ReferralState.CANCELLED,
        ReferralState.EXPIRED, ReferralState.CONSENT_REVOKED);
    assertThat(EnumSet.allOf(ReferralState.class)).filteredOn(ReferralState::isDisclosableToRecipient)
        .containsExactlyInAnyOrder(ReferralState.ACCEPTED, ReferralState.IN_PROGRESS, ReferralState.COMPLETED,
            ReferralState.FAILED);
    assertThat(EnumSet.allOf(ReferralState.class)).filteredOn(ReferralState::isForwardable)
        .containsExactlyInAnyOrder(ReferralState.DECLINED, ReferralState.EXPIRED);
  }
}
