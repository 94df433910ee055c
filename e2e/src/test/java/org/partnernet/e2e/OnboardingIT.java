package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Onboarding and leaving against the real Keycloak (issue 4): a person signs up on the realm's own registration page
 * (form posts as a browser sends them, with the authorization code of that sign-up exchanged for their first token),
 * registers their organisation, a coordinator approves it, and partner-directory creates the organisation in Keycloak
 * through the admin API and makes the registrant its partner-admin; they invite a colleague who signed up too; a
 * suspension disables both accounts in Keycloak and the gateway refuses their still-valid tokens.
 */
@EndToEnd
class OnboardingIT {

    private static final Pattern REGISTER_FORM_ACTION =
            Pattern.compile("<form[^>]*id=\"kc-register-form\"[^>]*>|<form[^>]*action=\"[^\"]*registration[^\"]*\"[^>]*>");
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");

    @Test
    void signUpRegisterApproveInviteThenSuspensionShutsTheOrganisationOut(Http gateway, Keycloak keycloak) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String password = "Pw-" + UUID.randomUUID();
        Person founder = new Person("founder-" + run, "founder-" + run + "@onboarding.localhost");
        Person colleague = new Person("colleague-" + run, "colleague-" + run + "@onboarding.localhost");

        // 1. A person signs up in Keycloak; their first token carries no organisation and none of our roles.
        String firstToken = signUp(keycloak, founder, password);
        Jwt first = Jwt.parse(firstToken);
        assertThat(first.claim("org_id")).as("org_id of a person with no organisation").isNull();
        assertThat(roles(first)).doesNotContain("coordinator", "partner-admin", "caseworker", "intake", "trainer");
        JsonNode me = get(gateway, firstToken, "/api/v1/me");
        assertThat(me.toString()).doesNotContain(founder.username()).doesNotContain(founder.email());
        assertThat(me.path("organisationId").asString("")).isEmpty();
        assertThat(me.path("roles").isEmpty()).isTrue();

        // 2. With that token they register their organisation: PENDING.
        String name = "Onboarding Outreach " + run;
        Http.Response registered = post(gateway, firstToken, "/api/v1/partners", """
                {"partner": {"name": "%s", "kind": "PARTNER_KIND_NGO",
                             "description": "Outreach for survivors, registered by its founder."}}
                """.formatted(name));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
        assertThat(registered.json().get("partner").get("status").asString()).isEqualTo("PARTNER_STATUS_PENDING");
        String partnerId = registered.json().get("partner").get("id").asString();

        // 3. The coordinator approves; the directory sets the organisation up in Keycloak.
        String coordinator = keycloak.token("coordinator");
        Http.Response approved = post(gateway, coordinator, "/api/v1/partners/" + partnerId + ":approve", "{}");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        // ACTIVE only after Keycloak was set up (a retried approval after a 504 may still be finishing)
        awaitActive(gateway, coordinator, partnerId);
        JsonNode groups = keycloak.adminGet("/groups?q=" + enc("org_id:" + partnerId) + "&briefRepresentation=false");
        assertThat(groups.size()).as("the organisation's group in Keycloak").isEqualTo(1);
        JsonNode group = groups.get(0);
        assertThat(group.get("attributes").get("org_id").get(0).asString()).isEqualTo(partnerId);
        String founderId = first.claim("sub").asString();
        assertThat(memberIds(keycloak, group.get("id").asString())).containsExactly(founderId);

        // 4. Their next login's token carries the organisation and partner-admin; /me says so.
        String adminToken = tokenFor(keycloak, founder, password);
        Jwt admin = Jwt.parse(adminToken);
        assertThat(admin.claim("org_id").asString()).isEqualTo(partnerId);
        assertThat(roles(admin)).contains("partner-admin");
        JsonNode adminMe = get(gateway, adminToken, "/api/v1/me");
        assertThat(adminMe.get("organisationId").asString()).isEqualTo(partnerId);
        assertThat(adminMe.get("organisationName").asString()).isEqualTo(name);
        assertThat(adminMe.get("partnerStatus").asString()).isEqualTo("PARTNER_STATUS_ACTIVE");
        assertThat(adminMe.get("partnerKind").asString()).isEqualTo("PARTNER_KIND_NGO");
        assertThat(adminMe.get("roles").toString()).contains("partner-admin");

        // 5. A colleague signs up; the partner-admin invites them as intake staff.
        signUp(keycloak, colleague, password);
        Http.Response invited = post(gateway, adminToken, "/api/v1/partners/" + partnerId + "/members",
                "{\"email\": \"%s\", \"role\": \"MEMBER_ROLE_INTAKE\"}".formatted(colleague.email()));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(200);
        Jwt staff = Jwt.parse(tokenFor(keycloak, colleague, password));
        assertThat(staff.claim("org_id").asString()).isEqualTo(partnerId);
        assertThat(roles(staff)).contains("intake").doesNotContain("partner-admin");
        // someone of another organisation cannot be pulled in, and the answer does not say they exist
        Http.Response poaching = post(gateway, adminToken, "/api/v1/partners/" + partnerId + "/members",
                "{\"email\": \"intake@harbor-house.localhost\", \"role\": \"MEMBER_ROLE_CASEWORKER\"}");
        assertThat(poaching.status()).as(poaching.toString()).isEqualTo(404);
        assertThat(poaching.body()).doesNotContain("harbor");
        // only the organisation's own partner-admin invites
        Http.Response byIntake = post(gateway, tokenFor(keycloak, colleague, password),
                "/api/v1/partners/" + partnerId + "/members",
                "{\"email\": \"%s\", \"role\": \"MEMBER_ROLE_PARTNER_ADMIN\"}".formatted(colleague.email()));
        assertThat(byIntake.status()).as(byIntake.toString()).isEqualTo(403);

        // 6. The coordinator suspends the partner: both accounts are disabled in Keycloak ...
        Http.Response suspended = post(gateway, coordinator, "/api/v1/partners/" + partnerId + ":suspend",
                "{\"reason\": \"Registration documents could not be verified.\"}");
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        for (Person person : List.of(founder, colleague)) {
            // (a suspension retried after a 504 may still be disabling them: wait a little)
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            Http.Response login = keycloak.tryPasswordGrant(person.username(), password);
            while (login.status() == 200 && Instant.now().isBefore(deadline)) {
                sleep(Duration.ofSeconds(1));
                login = keycloak.tryPasswordGrant(person.username(), password);
            }
            assertThat(login.status()).as("login of a suspended organisation's member: " + login).isEqualTo(400);
            assertThat(login.body()).contains("invalid_grant");
        }
        // ... and the gateway refuses the partner-admin's token, still valid for minutes, once its cached answer
        // about the partner is refreshed (at most 60 s).
        assertThat(Instant.ofEpochSecond(admin.claim("exp").asLong())).isAfter(Instant.now());
        Http.Response refused = awaitStatus(gateway, adminToken, "/api/v1/me", 403, Duration.ofSeconds(90));
        assertThat(refused.body()).contains("PARTNER_SUSPENDED");
    }

    record Person(String username, String email) {
    }

    /**
     * Signs up on Keycloak's registration page as a browser does: the page from the realm's registrations endpoint,
     * the form posted with the session cookies, the redirect's authorization code exchanged (with the PKCE verifier)
     * by the gateway's browser-login client. Returns that first access token.
     */
    private static String signUp(Keycloak keycloak, Person person, String password) {
        Http http = keycloak.http();
        Map<String, String> cookies = new LinkedHashMap<>();
        String redirectUri = registeredRedirect(keycloak);
        String verifier = randomUrlSafe(48);
        String state = randomUrlSafe(16);

        Http.Response page = withCookies(http, cookies, http.request("/realms/partnernet/protocol/openid-connect/registrations?"
                + "client_id=partnernet-gateway&response_type=code&scope=openid&redirect_uri=" + enc(redirectUri)
                + "&state=" + state + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256").GET());
        assertThat(page.status()).as("the registration page (is registrationAllowed on?)").isEqualTo(200);
        String action = formAction(page.body());

        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", person.username());
        form.put("email", person.email());
        form.put("firstName", "Test");
        form.put("lastName", "Person");
        form.put("password", password);
        form.put("password-confirm", password);
        Http.Response submitted = withCookies(http, cookies, HttpRequest.newBuilder(URI.create(action))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Keycloak.formEncode(form))));
        assertThat(submitted.status()).as("the registration form was accepted (a 200 is the form again, with its "
                + "errors): " + submitted).isEqualTo(302);
        URI back = URI.create(submitted.headers().firstValue("Location").orElseThrow());
        Map<String, String> answer = query(back);
        assertThat(back.toString()).startsWith(redirectUri);
        assertThat(answer.get("state")).isEqualTo(state);

        Http.Response token = http.send(http.request("/realms/partnernet/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Keycloak.formEncode(Map.of("grant_type", "authorization_code",
                        "code", answer.get("code"), "redirect_uri", redirectUri, "client_id", "partnernet-gateway",
                        "client_secret", Platform.GATEWAY_CLIENT_SECRET, "code_verifier", verifier)))).build());
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return token.json().get("access_token").asString();
    }

    /** A redirect the gateway's client allows, whatever port the realm was imported with. */
    private static String registeredRedirect(Keycloak keycloak) {
        JsonNode client = keycloak.adminGet("/clients?clientId=partnernet-gateway").get(0);
        String pattern = client.get("redirectUris").get(0).asString();
        return pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) + "login/oauth2/code/keycloak" : pattern;
    }

    /** A cookie jar by hand: Keycloak marks its session cookies Secure, which java.net's CookieManager keeps off http. */
    private static Http.Response withCookies(Http http, Map<String, String> cookies, HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        Http.Response response = http.send(request.build());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String value = pair.substring(eq + 1);
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    cookies.remove(pair.substring(0, eq));
                } else {
                    cookies.put(pair.substring(0, eq), value);
                }
            }
        }
        return response;
    }

    private static String formAction(String html) {
        Matcher form = REGISTER_FORM_ACTION.matcher(html);
        assertThat(form.find()).as("a registration form on the page").isTrue();
        Matcher action = ACTION.matcher(form.group());
        assertThat(action.find()).isTrue();
        return action.group(1).replace("&amp;", "&");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String tokenFor(Keycloak keycloak, Person person, String password) {
        Http.Response response = keycloak.tryPasswordGrant(person.username(), password);
        assertThat(response.status()).as("login: " + response).isEqualTo(200);
        return response.json().get("access_token").asString();
    }

    private static List<String> roles(Jwt token) {
        List<String> roles = new ArrayList<>();
        JsonNode access = token.claim("realm_access");
        if (access != null) {
            access.path("roles").forEach(r -> roles.add(r.asString()));
        }
        return roles;
    }

    private static void awaitActive(Http gateway, String coordinator, String partnerId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String status = get(gateway, coordinator, "/api/v1/partners/" + partnerId).get("partner").get("status").asString();
        while (!status.equals("PARTNER_STATUS_ACTIVE") && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofSeconds(1));
            status = get(gateway, coordinator, "/api/v1/partners/" + partnerId).get("partner").get("status").asString();
        }
        assertThat(status).isEqualTo("PARTNER_STATUS_ACTIVE");
    }

    private static List<String> memberIds(Keycloak keycloak, String groupId) {
        List<String> ids = new ArrayList<>();
        keycloak.adminGet("/groups/" + groupId + "/members").forEach(m -> ids.add(m.get("id").asString()));
        return ids;
    }

    private static JsonNode get(Http gateway, String token, String path) {
        Http.Response response = withRetryOn429(() -> gateway.get(path, token));
        assertThat(response.status()).as("GET " + path + ": " + response).isEqualTo(200);
        return response.json();
    }

    private static Http.Response awaitStatus(Http gateway, String token, String path, int status, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        Http.Response response = gateway.get(path, token);
        while (response.status() != status && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofSeconds(2));
            response = gateway.get(path, token);
        }
        assertThat(response.status()).as("GET " + path + " within " + limit.toSeconds() + " s: " + response)
                .isEqualTo(status);
        return response;
    }

    /**
     * A POST with a fresh Idempotency-Key, kept on retries: after a 429, and after a 504 (the gateway's deadline ran
     * out on a loaded machine while the directory waited on Keycloak), as a client following AIP-155 would retry.
     */
    private static Http.Response post(Http gateway, String token, String path, String json) {
        String key = UUID.randomUUID().toString();
        java.util.function.Supplier<Http.Response> call = () -> withRetryOn429(() -> gateway.send(gateway.request(path)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build()));
        Http.Response response = call.get();
        for (int attempt = 0; attempt < 3 && response.status() == 504; attempt++) {
            sleep(Duration.ofSeconds(3));
            response = call.get();
        }
        return response;
    }

    /** Other tests of the run flood the gateway's rate limits on purpose; wait out a 429 rather than fail on it. */
    private static Http.Response withRetryOn429(java.util.function.Supplier<Http.Response> call) {
        Http.Response response = call.get();
        for (int attempt = 0; attempt < 10 && response.status() == 429; attempt++) {
            sleep(Duration.ofSeconds(2));
            response = call.get();
        }
        return response;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
