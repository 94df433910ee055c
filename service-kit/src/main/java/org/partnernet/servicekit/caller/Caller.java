package org.partnernet.servicekit.caller;

import io.grpc.Context;
import java.util.Set;
import org.partnernet.servicekit.error.UnauthenticatedException;

/**
 * Who is calling: a person (or a service account) of an organisation, with realm roles.
 * Service code sees only this, never how the caller was authenticated.
 *
 * @param bearerToken the caller's own token, forwarded when a service calls another on the caller's behalf;
 *                    never logged, never part of {@link #toString()}
 */
public record Caller(String userId, String organisationId, Set<String> roles, String bearerToken) {

  static final Context.Key<Caller> CONTEXT_KEY = Context.key("partnernet-caller");

  public Caller {
    roles = Set.copyOf(roles);
  }

  /** The caller of the current gRPC call. */
  public static Caller current() {
    Caller caller = CONTEXT_KEY.get();
    if (caller == null) {
      throw new UnauthenticatedException("no authenticated caller on this call");
    }
    return caller;
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean hasAnyRole(String... wanted) {
    for (String role : wanted) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }

  public boolean belongsTo(String organisation) {
    return organisationId != null && organisationId.equals(organisation);
  }

  /** Runs work (a background task, a test) as this caller. */
  public void run(Runnable work) {
    Context.current().withValue(CONTEXT_KEY, this).run(work);
  }

  @Override
  public String toString() {
    return "Caller[userId=" + userId + ", organisationId=" + organisationId + ", roles=" + roles + "]";
  }
}
