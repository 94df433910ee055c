package org.partnernet.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * What happens around a referral: the anonymous capacity check asked and answered in two browsers and turned into a
 * referral; a declined referral forwarded under a new consent; the service completed; a partner admin's webhook
 * settings; a newcomer who signed up registering their organisation. Who is who comes from GET /api/v1/me.
 */
@BrowserTest
class FollowUpJourneysIT {

  static final String SHELTER_SERVICE = "housing.emergency-shelter";

  @Test
  void aCapacityCheckIsAnsweredLiveAndLeadsToTheReferralForm(UiPlatform.Endpoints platform) {
    new Api(platform).allowGatewayRedirects();
    try (Browser caseworker = new Browser(platform.gateway()); Browser intake = new Browser(platform.gateway())) {
      caseworker.signIn("caseworker");
      caseworker.nav("Capacity checks");
      WebElement need = caseworker.field("Need");
      caseworker.script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'))", need,
          SHELTER_SERVICE);
      caseworker.check("Harbor House Shelter");
      caseworker.choose("When", "Tonight");
      caseworker.click("Ask about capacity");
      WebElement check = caseworker.find(By.cssSelector("li.capacity-check"));
      String checkId = check.getAttribute("data-check");
      assertThat(check.getText()).contains("Harbor House Shelter", "Waiting for an answer");
      caseworker.screenshot("capacity-check-asked");
      caseworker.assertAccessible("capacity checks");

      intake.signIn("intake");
      intake.nav("Referral inbox");
      WebElement question = intake.find(By.cssSelector("li.capacity-question[data-check='" + checkId + "']"));
      assertThat(question.getText()).contains("Could you take someone?", "Tonight");
      new Select(question.findElement(By.cssSelector("select[name='answer']"))).selectByVisibleText("Yes, we have capacity");
      question.findElement(By.cssSelector("input[name='note']")).sendKeys("one bed until Friday");
      intake.screenshot("capacity-question");
      intake.assertAccessible("inbox with a capacity question");
      question.findElement(By.xpath(".//button[normalize-space()='Send answer']")).click();
      intake.wait.until(d -> d.findElement(By.cssSelector("li.capacity-question[data-check='" + checkId + "']"))
          .getText().contains("Answered"));

      caseworker.awaitText("Has capacity");
      assertThat(caseworker.mainText()).contains("one bed until Friday");
      caseworker.click("Refer to Harbor House Shelter");
      caseworker.awaitView();
      caseworker.awaitText("Send a referral");
      assertThat(caseworker.mainText()).contains("Recipient: Harbor House Shelter");
    }
  }

  @Test
  void aDeclinedReferralIsForwardedUnderANewConsentAndTheServiceCompleted(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    String declined = Seeds.referralWithConsent(api, "Selam");
    api.post("intake", "/api/v1/referrals/" + declined + ":decline", Map.of("reason", "no beds tonight"));
    String suggested;
    try (Browser caseworker = new Browser(platform.gateway())) {
      caseworker.signIn("caseworker");
      caseworker.nav("Sent referrals");
      caseworker.find(By.cssSelector("li[data-referral='" + declined + "']"))
          .findElement(By.xpath(".//button[normalize-space()='Details']")).click();
      caseworker.awaitView();
      caseworker.awaitText("Forward to another partner");
      // nothing chosen yet: the page says so next to the choice
      caseworker.click("Forward referral");
      caseworker.wait.until(d -> d.findElement(By.cssSelector("fieldset.recipient-choice")).getText()
          .contains("Choose a suggested partner or another one from the list."));
      assertThat(new Select(caseworker.field("Other partner")).getOptions()).as("a manual choice stays possible")
          .hasSizeGreaterThan(1);
      // the referral-service's suggestions, nearest first from where the survivor is
      caseworker.choose("Suggest partners near", "Riverton Downtown");
      // the list measured from the place replaces the directory-ordered one
      caseworker.awaitText("km away");
      WebElement first = caseworker.find(By.cssSelector(".suggestion"));
      assertThat(first.getText()).contains("free").doesNotContain("Harbor House Shelter");
      WebElement pick = first.findElement(By.cssSelector("input[type='radio']"));
      suggested = pick.getAttribute("value");
      caseworker.scrollTo(pick);
      pick.click();
      // personal data travels on: without the survivor's consent for the new partner the page refuses
      caseworker.click("Forward referral");
      caseworker.awaitText("Record the survivor's consent for the new partner first.");
      caseworker.find(By.id("forward-consent")).click();
      caseworker.type("Why (optional, never personal data)", "declined: no beds");
      caseworker.screenshot("referral-forward");
      caseworker.assertAccessible("forward a referral");
      caseworker.click("Forward referral");
      // the page of the new referral, linked to the declined one
      caseworker.awaitText("Forwarded from");
    }
    JsonNode original = api.get("caseworker", "/api/v1/referrals/" + declined).get("referral");
    assertThat(original.get("forwardedTo").asString()).startsWith("referrals/");
    JsonNode forwarded = api.get("caseworker", "/api/v1/" + original.get("forwardedTo").asString()).get("referral");
    assertThat(forwarded.get("forwardedFrom").asString()).isEqualTo("referrals/" + declined);
    assertThat(forwarded.get("recipientPartner").asString()).as("the suggestion picked").isEqualTo(suggested);
    JsonNode consent = api.get("caseworker", "/api/v1/consents/"
        + forwarded.get("consent").asString().replace("consents/", "")).get("consent");
    assertThat(consent.get("recipientPartners").get(0).asString())
        .isEqualTo(forwarded.get("recipientPartner").asString());

    String accepted = Seeds.referralWithConsent(api, "Mekdes");
    api.post("intake", "/api/v1/referrals/" + accepted + ":accept", Map.of());
    api.post("intake", "/api/v1/referrals/" + accepted + ":start", Map.of());
    try (Browser intake = new Browser(platform.gateway())) {
      intake.signIn("intake");
      intake.nav("Referral inbox");
      intake.find(By.cssSelector("li[data-referral='" + accepted + "']"))
          .findElement(By.xpath(".//button[normalize-space()='Details']")).click();
      intake.awaitView();
      intake.click("Completed…");
      intake.type("Outcome (optional)", "moved to long-term housing");
      intake.click("Mark completed");
      intake.awaitText("Completed");
    }
    assertThat(api.get("caseworker", "/api/v1/referrals/" + accepted).get("referral").get("state").asString())
        .isEqualTo("REFERRAL_STATE_COMPLETED");
  }

  @Test
  void aPartnerAdminSeesStaffAndWebhookSettingsAndAnUnsafeAddressIsRefused(UiPlatform.Endpoints platform) {
    new Api(platform).allowGatewayRedirects();
    try (Browser admin = new Browser(platform.gateway())) {
      admin.signIn("shelter-admin");
      assertThat(admin.find(By.id("account")).getText()).contains("partner admin", "Harbor House Shelter");
      admin.nav("Staff & webhooks");
      admin.awaitText("Webhooks");
      admin.type("Address of your system", "http://169.254.169.254/latest/meta-data");
      admin.click("Add webhook");
      assertThat(admin.errorNextTo("Address of your system")).isNotBlank();
      assertThat(admin.mainText()).doesNotContain("shown only now");
      admin.screenshot("staff-and-webhooks");
      admin.assertAccessible("staff and webhooks");
      admin.assertPageBasics();
    }
  }

  @Test
  void aNewcomerWhoSignedUpRegistersTheirOrganisation(UiPlatform.Endpoints platform) {
    new Api(platform).allowGatewayRedirects();
    String username = "newcomer-" + System.nanoTime();
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signUp(username);
      browser.awaitText("Register your organisation");
      assertThat(browser.driver().findElement(By.id("nav")).getText()).doesNotContain("Referral inbox", "Find services");
      browser.type("Name of the organisation", "Eastside Night Shelter " + username);
      browser.choose("Kind", "Shelter");
      browser.type("What you do", "Emergency beds for adults, open every night.");
      browser.type("Service name", "Night beds");
      new Select(browser.field("Type of service")).selectByValue(SHELTER_SERVICE);
      browser.screenshot("newcomer-registration");
      browser.assertAccessible("registration");
      browser.click("Register the organisation");
      browser.awaitText("waits for a coordinator's review");
    }
    Api api = new Api(platform);
    JsonNode pending = api.get("coordinator", "/api/v1/partners?status=PARTNER_STATUS_PENDING&pageSize=100");
    List<String> names = pending.get("partners").valueStream().map(p -> p.get("name").asString()).toList();
    assertThat(names).contains("Eastside Night Shelter " + username);
  }
}
