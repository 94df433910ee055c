package org.partnernet.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/** Shelter intake: bed counts in one action from the home page; the inbox; summary before accepting, data after. */
@BrowserTest
class IntakeJourneyIT {

  @Test
  void updatesBedCountsFromTheHomePageInOneAction(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    int available = 1 + (int) (System.nanoTime() % 5);
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("intake");
      browser.awaitText("Bed counts");
      browser.screenshot("intake-home");
      browser.assertAccessible("intake home");
      browser.assertPageBasics();

      WebElement first = browser.driver().findElement(By.cssSelector("form.beds fieldset"));
      WebElement availableNow = first.findElement(By.xpath(".//label[normalize-space()='Available now']/following-sibling::input"));
      availableNow.clear();
      availableNow.sendKeys(String.valueOf(available));
      browser.click("Save all bed counts");
      browser.awaitText("Saved at");
    }
    JsonNode service = api.get("intake", "/api/v1/partners/" + CaseworkerJourneyIT.HARBOR_HOUSE).get("partner")
        .get("services").get(0);
    assertThat(service.get("capacity").get("available").asInt()).isEqualTo(available);
  }

  @Test
  void readsTheSummaryAcceptsThenSeesOnlyTheConsentedData(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    String referral = Seeds.referralWithConsent(api, "Abeba");
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("intake");
      browser.nav("Referral inbox");
      WebElement card = browser.find(By.cssSelector("li[data-referral='" + referral + "']"));
      assertThat(card.getText()).contains("From Bridgeway Advocates", "Sent", "Emergency");
      browser.screenshot("intake-inbox");
      browser.assertAccessible("inbox");

      card.findElement(By.xpath(".//button[normalize-space()='Open and answer']")).click();
      browser.awaitView();
      browser.awaitText("Summary");
      assertThat(browser.mainText()).contains("18–24", "Tigrinya", "becomes available after you accept")
          .doesNotContain("Abeba");
      browser.assertPageBasics();
      browser.screenshot("intake-referral-before-accept");
      browser.assertAccessible("referral summary");

      browser.click("Accept referral");
      browser.awaitText("Show consented personal data");
      assertThat(browser.mainText()).contains("Accepted");
      browser.click("Show consented personal data");
      browser.awaitText("Abeba");
      assertThat(browser.mainText()).contains("Needs a bed tonight.", "Consented categories: Identity, Needs");
      browser.screenshot("intake-referral-after-accept");
      browser.assertAccessible("referral with disclosure");
      assertThat(browser.driver().getTitle()).doesNotContain("Abeba");

      browser.click("Hide personal data");
      assertThat(browser.mainText()).doesNotContain("Abeba");
    }
  }

  @Test
  void theInboxShowsANewReferralLiveWithoutAReload(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("intake");
      browser.nav("Referral inbox");
      browser.wait.until(d -> d.findElement(By.id("inbox-updated")).getText().contains("live updates are on")
          || d.findElement(By.id("inbox-updated")).getText().contains("Updated"));
      browser.script("document.body.dataset.sameDocument = 'yes'");

      String referral = Seeds.referralWithConsent(api, "Live");

      browser.find(By.cssSelector("li[data-referral='" + referral + "']"));
      assertThat(browser.script("return document.body.dataset.sameDocument")).as("no page reload").isEqualTo("yes");
      assertThat(browser.find(By.id("inbox-updated")).getText()).contains("live updates are on");
    }
  }

  @Test
  void declinesWithAReasonAndTheMissingReasonIsShownAtItsField(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    String referral = Seeds.referralWithConsent(api, "Declined");
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("intake");
      browser.nav("Referral inbox");
      browser.find(By.cssSelector("li[data-referral='" + referral + "'] button")).click();
      browser.awaitView();
      browser.click("Decline…");
      browser.click("Decline referral");
      assertThat(browser.errorNextTo("Why you decline")).contains("required");

      browser.type("Why you decline", "No bed for this age group tonight.");
      browser.click("Decline referral");
      browser.awaitText("No bed for this age group tonight.");
      assertThat(browser.mainText()).contains("Declined");
    }
    assertThat(api.get("caseworker", "/api/v1/referrals/" + referral).get("referral").get("state").asString())
        .isEqualTo("REFERRAL_STATE_DECLINED");
  }
}
