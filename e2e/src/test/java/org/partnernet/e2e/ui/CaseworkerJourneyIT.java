package org.partnernet.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/** Caseworker: search by need, place and capacity; a partner's page; a referral under consent; outbox; survivor view. */
@BrowserTest
class CaseworkerJourneyIT {

  static final String HARBOR_HOUSE = "01900000-0000-7000-8000-000000000001";

  @Test
  void findsAShelterBedNearAPlaceAndRefersUnderTheSurvivorsConsent(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    String clientRef = "case-" + UUID.randomUUID().toString().substring(0, 8);
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("caseworker");
      browser.screenshot("caseworker-home");

      browser.nav("Find services");
      browser.type("What is needed", "bed");
      browser.choose("Near", "Riverton Downtown");
      browser.choose("Within", "25 km");
      browser.check("Has free capacity now");
      browser.click("Search");
      browser.awaitText("services found");
      assertThat(browser.mainText()).contains("Harbor House Shelter", "km");
      assertThat(browser.driver().findElements(By.cssSelector("svg.map circle"))).as("results on the local map").isNotEmpty();
      browser.assertPageBasics();
      browser.screenshot("caseworker-search");
      browser.assertAccessible("search results");

      browser.click("Details of Harbor House Shelter");
      browser.awaitText("Services");
      assertThat(browser.mainText()).contains("Emergency beds for women and girls").contains("confidential: area only")
          .doesNotContain("Harbor Street");
      browser.assertAccessible("partner page");
      browser.click("Back to results");
      browser.awaitText("services found");

      browser.click("Refer to Harbor House Shelter");
      browser.awaitText("Anonymous summary");
      browser.choose("Urgency", "Urgent (a day or two)");
      browser.choose("Survivor's language", "Tigrinya");
      browser.type("Age from", "16");
      browser.type("Age to", "17");
      browser.check("The survivor consented to share personal data with this organisation");
      browser.choose("How consent was given", "Written (signed form)");
      browser.check("Identity (names, date of birth, identifiers)");
      browser.check("Needs (needs in their words)");
      browser.type("Given name", "Selam");
      browser.type("Needs, in the survivor's words", "A safe bed tonight, and a Tigrinya interpreter.");
      browser.screenshot("caseworker-referral-form");
      browser.assertAccessible("referral form");

      // no client reference yet: the API's violation (consent.client_id) lands next to that field
      browser.click("Send referral to Harbor House Shelter");
      assertThat(browser.errorNextTo("Client reference")).contains("required");

      browser.type("Client reference", clientRef);
      browser.click("Send referral to Harbor House Shelter");
      browser.awaitText("The referral was sent");
      assertThat(browser.mainText()).contains("To Harbor House Shelter", "Sent", "with consent (Identity, Needs)");
      assertThat(browser.mainText()).as("no personal data on the outbox").doesNotContain("Selam", clientRef);
      browser.screenshot("caseworker-outbox");
      browser.assertAccessible("outbox");

      // from the sent referral to the survivor view of its client
      browser.click("Consent & survivor view");
      browser.awaitText("Who received the data");
      assertThat(browser.find(By.cssSelector(".consent-state")).getText()).isEqualTo("Active");
      assertThat(browser.find(By.id("client-reference")).getText()).isEqualTo(clientRef);
      assertThat(browser.mainText()).contains("Harbor House Shelter", "Identity, Needs", "Nobody has opened this data yet.");
      browser.screenshot("caseworker-survivor-view");
      browser.assertAccessible("survivor view");
      browser.assertPageBasics();
      assertThat(browser.driver().getTitle()).doesNotContain(clientRef);
    }
    JsonNode outbox = api.get("caseworker", "/api/v1/referrals?box=BOX_OUTBOX&pageSize=5").get("referrals").get(0);
    assertThat(outbox.get("recipientPartner").asString()).isEqualTo(HARBOR_HOUSE);
    assertThat(outbox.get("state").asString()).isEqualTo("REFERRAL_STATE_SENT");
    assertThat(outbox.get("urgency").asString()).isEqualTo("URGENCY_URGENT");
    assertThat(outbox.get("summary").get("languages").get(0).asString()).isEqualTo("ti");
  }

  @Test
  void theSurvivorViewShowsEveryReadOfTheDataAndRevokesAfterConfirmation(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    String clientRef = "survivor-" + UUID.randomUUID().toString().substring(0, 8);
    String referral = Seeds.referralWithConsent(api, "Revocable", clientRef);
    // the shelter accepts and opens the data: the read the audit log records is what the survivor is shown
    api.post("intake", "/api/v1/referrals/" + referral + ":accept", Map.of());
    api.get("intake", "/api/v1/referrals/" + referral + "/disclosure?purpose=intake%20assessment");
    // on a phone: a caseworker may sit with the survivor anywhere
    try (Browser browser = new Browser(platform.gateway(), new Dimension(390, 844))) {
      browser.signIn("caseworker");
      browser.nav("Consent & survivor view");
      browser.type("Client reference", "unknown-" + clientRef);
      browser.click("Show the survivor view");
      assertThat(browser.errorNextTo("Client reference")).contains("no consent under this client reference");

      browser.type("Client reference", clientRef);
      browser.click("Show the survivor view");
      browser.awaitText("Who received the data");
      WebElement shared = browser.find(By.cssSelector("li.shared[data-referral='" + referral + "']"));
      assertThat(shared.getText()).contains("Harbor House Shelter", "Accepted", "data: Identity, Needs",
          "Opened 1 time, as the audit log recorded");
      List<WebElement> reads = shared.findElements(By.cssSelector("ol.reads li"));
      assertThat(reads).hasSize(1);
      assertThat(reads.get(0).getText()).contains("Harbor House Shelter saw Identity, Needs",
          "purpose given: intake assessment");
      assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth + 1"))
          .as("no sideways scrolling on a phone").isTrue();
      // the client reference lives in the page only: not in the address, the history's entries, the title or storage
      browser.assertPageBasics();
      assertThat(browser.driver().getTitle()).doesNotContain(clientRef);
      assertThat((String) browser.script("return JSON.stringify(history.state) + location.hash")).doesNotContain(clientRef);
      browser.screenshot("caseworker-survivor-view-reads");
      browser.assertAccessible("survivor view with a read");

      browser.click("Revoke consent and destroy the shared data");
      browser.awaitText("Tick the confirmation first");
      browser.check("The survivor asked to withdraw this consent");
      browser.click("Revoke consent and destroy the shared data");
      browser.wait.until(d -> d.findElement(By.cssSelector(".consent-state")).getText().equals("Revoked"));
      assertThat(browser.mainText()).contains("the personal data shared under it is destroyed", "Data destroyed",
          "Consent revoked");
      assertThat(browser.find(By.id("client-reference")).getText()).as("still this client's view").isEqualTo(clientRef);
    }
    JsonNode after = api.get("caseworker", "/api/v1/referrals/" + referral).get("referral");
    assertThat(after.get("state").asString()).isEqualTo("REFERRAL_STATE_CONSENT_REVOKED");
    assertThat(after.get("disclosureShredded").asBoolean()).isTrue();
  }
}
