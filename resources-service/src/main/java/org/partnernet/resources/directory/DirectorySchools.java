package org.partnernet.resources.directory;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.Partner;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.api.directory.v1.PartnerKind;
import org.partnernet.api.directory.v1.PartnerStatus;
import org.partnernet.resources.training.Schools;
import org.partnernet.servicekit.error.DeadlineExceededException;
import org.partnernet.servicekit.error.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks partner-directory (GetPartner, on the caller's behalf: the channel forwards their token) with a deadline
 * whether an organisation is an active school. No answer means no booking: nothing is stored on doubt.
 */
public final class DirectorySchools implements Schools {

  private static final Logger log = LoggerFactory.getLogger(DirectorySchools.class);

  private final PartnerDirectoryServiceGrpc.PartnerDirectoryServiceBlockingStub directory;
  private final Duration deadline;

  public DirectorySchools(ManagedChannel channel, Duration deadline) {
    // connect now, not on the first booking: a cold connection must not eat that call's deadline
    channel.getState(true);
    this.directory = PartnerDirectoryServiceGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  @Override
  public boolean isActiveSchool(String organisationId) {
    Partner partner;
    try {
      partner = directory.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .getPartner(GetPartnerRequest.newBuilder().setPartner(organisationId).build()).getPartner();
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      // the code only: a status description from the network layer is not ours to vouch for
      log.warn("partner-directory school check failed: {}", code);
      log.debug("partner-directory school check failure detail", e);
      switch (code) {
        case NOT_FOUND, PERMISSION_DENIED -> {
          return false; // not a partner the caller may act for: certainly not a school that may book
        }
        case DEADLINE_EXCEEDED -> throw new DeadlineExceededException("DIRECTORY_TIMEOUT",
            "partner-directory did not answer in time; nothing was booked, try again");
        default -> throw new UnavailableException("DIRECTORY_UNAVAILABLE",
            "partner-directory cannot confirm the school now; nothing was booked, try again shortly");
      }
    }
    return partner.getStatus() == PartnerStatus.PARTNER_STATUS_ACTIVE
        && partner.getKind() == PartnerKind.PARTNER_KIND_SCHOOL;
  }
}
