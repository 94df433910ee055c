package org.partnernet.referral.directory;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.partnernet.api.directory.v1.ContactPurpose;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.Partner;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;

/**
 * Reads who to alert (package {@code alert}) from partner-directory's {@code GetPartner}, with a deadline, as this service (the channel
 * carries the service account's token: alerting is background work done on nobody's behalf). Asked at each step,
 * so a contact changed in the directory counts from the next step on.
 */
public class PartnerContacts {

  /** The bearer token this service calls partner-directory with (its client-credentials account). */
  public interface Credentials extends java.util.function.Supplier<String> {}

  /** Where an alert goes: an e-mail address and, possibly, a phone number (either may be null). Never logged. */
  public record Contact(String email, String phone) {

    public Contact {
      email = email == null || email.isBlank() ? null : email.strip();
      phone = phone == null || phone.isBlank() ? null : phone.strip();
    }

    boolean reachable() {
      return email != null || phone != null;
    }
  }

  private final PartnerDirectoryServiceGrpc.PartnerDirectoryServiceBlockingStub directory;
  private final Duration deadline;

  public PartnerContacts(ManagedChannel channel, Duration deadline) {
    this.directory = PartnerDirectoryServiceGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  /**
   * The partner's on-call intake, in the directory's order: its contacts marked EMERGENCY, then those marked
   * REFERRAL_INTAKE. Throws {@link io.grpc.StatusRuntimeException} when the directory does not answer.
   */
  public List<Contact> onCall(String partner) {
    Partner p = partner(partner);
    List<Contact> contacts = new ArrayList<>(of(p, ContactPurpose.CONTACT_PURPOSE_EMERGENCY));
    contacts.addAll(of(p, ContactPurpose.CONTACT_PURPOSE_REFERRAL_INTAKE));
    return contacts;
  }

  /** Whom to tell at a sender organisation: its GENERAL contacts, else the organisation's own e-mail. */
  public List<Contact> sender(String partner) {
    Partner p = partner(partner);
    List<Contact> contacts = of(p, ContactPurpose.CONTACT_PURPOSE_GENERAL);
    if (contacts.isEmpty() && !p.getEmail().isBlank()) {
      return List.of(new Contact(p.getEmail(), null));
    }
    return contacts;
  }

  private Partner partner(String partner) {
    return directory.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .getPartner(GetPartnerRequest.newBuilder().setPartner(partner).build()).getPartner();
  }

  private static List<Contact> of(Partner p, ContactPurpose purpose) {
    return p.getContactsList().stream().filter(c -> c.getPurpose() == purpose)
        .map(c -> new Contact(c.getEmail(), c.getPhone())).filter(Contact::reachable).toList();
  }
}
