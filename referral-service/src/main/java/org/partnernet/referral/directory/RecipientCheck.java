package org.partnernet.referral.directory;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.partnernet.api.directory.v1.CheckReferralRecipientRequest;
import org.partnernet.api.directory.v1.CheckReferralRecipientResponse;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.api.directory.v1.PartnerStatus;
import org.partnernet.servicekit.error.DeadlineExceededException;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.UnavailableException;

/**
 * Asks partner-directory, on the caller's behalf (their token is forwarded) and with a deadline, whether a partner
 * may receive a referral for these services now. Any doubt refuses the referral: nothing is stored without a yes.
 */
public class RecipientCheck {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RecipientCheck.class);

  private final PartnerDirectoryServiceGrpc.PartnerDirectoryServiceBlockingStub directory;
  private final Duration deadline;

  public RecipientCheck(ManagedChannel channel, Duration deadline) {
    // connect now, not on the first referral: a cold connection must not eat that call's deadline
    channel.getState(true);
    this.directory = PartnerDirectoryServiceGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  public void requireAccepting(String partner, List<String> services) {
    CheckReferralRecipientResponse answer;
    try {
      answer = directory.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .checkReferralRecipient(CheckReferralRecipientRequest.newBuilder()
              .setPartner(partner).addAllTaxonomyCodes(services).build());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      // the code only: a status description from the network layer is not ours to vouch for
      log.warn("partner-directory recipient check failed: {}", code);
      log.debug("partner-directory recipient check failure detail", e);
      switch (code) {
        case NOT_FOUND -> throw new NotFoundException("RECIPIENT_NOT_FOUND", "no partner has the recipient id");
        case DEADLINE_EXCEEDED -> throw new DeadlineExceededException("DIRECTORY_TIMEOUT",
            "partner-directory did not answer in time; nothing was stored, try again");
        default -> throw new UnavailableException("DIRECTORY_UNAVAILABLE",
            "partner-directory cannot check the recipient now; nothing was stored, try again shortly");
      }
    }
    if (answer.getStatus() != PartnerStatus.PARTNER_STATUS_ACTIVE) {
      throw new FailedPreconditionException("RECIPIENT_NOT_ACTIVE", "the recipient partner is not active");
    }
    if (!answer.getAcceptsReferrals()) {
      throw new FailedPreconditionException("RECIPIENT_NOT_ACCEPTING",
          "the recipient does not accept referrals for these services: " + answer.getUnmatchedTaxonomyCodesList());
    }
  }
}
