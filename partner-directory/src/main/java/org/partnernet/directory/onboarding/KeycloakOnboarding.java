package org.partnernet.directory.onboarding;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * Onboarding through Keycloak's admin API with the directory's own client-credentials account (realm-management:
 * manage-users, query-groups, manage-realm). An organisation is a top-level group carrying {@code org_id} and
 * {@code org_kind} attributes (the realm maps {@code org_id} into every member's token); its registrant joins it and
 * gets the partner-admin role. Suspension (and archiving) disables every member; re-approval enables them again.
 * Members join by invitation: a partner-admin names a person who has signed up (self-registration) by e-mail.
 */
final class KeycloakOnboarding implements Onboarding {

  private static final Logger log = LoggerFactory.getLogger(KeycloakOnboarding.class);
  private static final int MEMBERS_PAGE = 200;

  private final Keycloak keycloak;
  private final String realm;

  KeycloakOnboarding(Keycloak keycloak, String realm) {
    this.keycloak = keycloak;
    this.realm = realm;
  }

  static KeycloakOnboarding fromEnvironment(Environment env) {
    String issuer = env.getProperty("partnernet.security.issuer-uri", "http://localhost:8180/realms/partnernet");
    int at = issuer.indexOf("/realms/");
    String serverUrl = issuer.substring(0, at);
    String realm = issuer.substring(at + "/realms/".length());
    Keycloak keycloak = KeycloakBuilder.builder().serverUrl(serverUrl).realm(realm)
        .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
        .clientId(env.getProperty("partnernet.security.client-id", "partner-directory"))
        .clientSecret(env.getProperty("partnernet.security.client-secret", ""))
        .build();
    return new KeycloakOnboarding(keycloak, realm);
  }

  @Override
  public void approved(String partnerId, String name, String kind, String registrantUserId) {
    call(() -> {
      RealmResource r = keycloak.realm(realm);
      String groupId = findGroup(r, partnerId);
      if (groupId == null) {
        GroupRepresentation group = new GroupRepresentation();
        group.setName(uniqueName(r, name, partnerId));
        group.setAttributes(Map.of("org_id", List.of(partnerId), "org_kind", List.of(kind == null ? "OTHER" : kind)));
        try (Response created = r.groups().add(group)) {
          groupId = CreatedResponseUtil.getCreatedId(created);
        }
      }
      if (registrantUserId != null) {
        var user = r.users().get(registrantUserId);
        user.joinGroup(groupId);
        RoleRepresentation partnerAdmin = r.roles().get(Role.PARTNER_ADMIN).toRepresentation();
        user.roles().realmLevel().add(List.of(partnerAdmin));
      }
      setMembersEnabled(r, groupId, true);
      log.info("onboarding: organisation {} is set up in the identity provider", partnerId);
    });
  }

  @Override
  public void suspended(String partnerId) {
    call(() -> {
      RealmResource r = keycloak.realm(realm);
      String groupId = findGroup(r, partnerId);
      if (groupId != null) {
        setMembersEnabled(r, groupId, false);
      }
      log.info("onboarding: accounts of organisation {} are disabled", partnerId);
    });
  }

  @Override
  public void invited(String partnerId, String email, String role) {
    call(() -> {
      RealmResource r = keycloak.realm(realm);
      String groupId = findGroup(r, partnerId);
      if (groupId == null) {
        throw new FailedPreconditionException("ORGANISATION_NOT_SET_UP",
            "the organisation has no accounts yet; a coordinator must approve it first");
      }
      List<UserRepresentation> found = r.users().searchByEmail(email, true);
      UserResource user = found.size() == 1 ? r.users().get(found.get(0).getId()) : null;
      // one answer for "no such account" and "an account of another organisation": neither is the caller's business
      if (user == null || user.groups().stream().anyMatch(g -> !g.getId().equals(groupId))) {
        throw new NotFoundException("NO_ACCOUNT_TO_INVITE",
            "no account with that e-mail can join; ask the person to sign up first, then invite them again");
      }
      user.joinGroup(groupId);
      user.roles().realmLevel().add(List.of(r.roles().get(role).toRepresentation()));
      log.info("onboarding: organisation {} has a new member with role {}", partnerId, role);
    });
  }

  private static String findGroup(RealmResource r, String partnerId) {
    // the full representation: the brief one (Keycloak's default) leaves the attributes out
    return r.groups().query("org_id:" + partnerId, false, 0, 10, false).stream()
        .filter(g -> g.getAttributes() != null && List.of(partnerId).equals(g.getAttributes().get("org_id")))
        .map(GroupRepresentation::getId).findFirst().orElse(null);
  }

  /** Group names are unique per level in Keycloak; two partners may share a display name. */
  private static String uniqueName(RealmResource r, String name, String partnerId) {
    boolean taken = r.groups().groups(name, 0, 10, true).stream().anyMatch(g -> name.equals(g.getName()));
    return taken ? name + " (" + partnerId.substring(partnerId.length() - 8) + ")" : name;
  }

  private static void setMembersEnabled(RealmResource r, String groupId, boolean enabled) {
    for (int first = 0; ; first += MEMBERS_PAGE) {
      List<UserRepresentation> members = r.groups().group(groupId).members(first, MEMBERS_PAGE, true);
      for (UserRepresentation member : members) {
        if (!Boolean.valueOf(enabled).equals(member.isEnabled())) {
          UserRepresentation change = new UserRepresentation();
          change.setEnabled(enabled);
          r.users().get(member.getId()).update(change);
        }
      }
      if (members.size() < MEMBERS_PAGE) {
        return;
      }
    }
  }

  private static void call(Runnable work) {
    try {
      work.run();
    } catch (WebApplicationException | ProcessingException e) {
      // the type only: responses can echo names
      log.warn("onboarding: the identity provider refused or did not answer: {}", e.getClass().getSimpleName());
      throw new UnavailableException("IDENTITY_PROVIDER_UNAVAILABLE",
          "the identity provider could not be updated; retry");
    }
  }
}
