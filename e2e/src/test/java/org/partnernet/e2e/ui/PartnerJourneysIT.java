package org.partnernet.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/** Schools (trainings and bookings), businesses and faith groups (offers, claims), partner admins (the profile). */
@BrowserTest
class PartnerJourneysIT {

  static final String NORTHSIDE = "01900000-0000-7000-8000-000000000004";

  @Test
  void aSchoolFindsAnAwarenessTrainingAndRequestsASession(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("school-admin");
      browser.nav("Trainings & bookings");
      browser.choose("Audience", "Students high");
      browser.click("Find trainings");
      browser.awaitText("trainings found");
      WebElement training = browser.find(By.cssSelector("li.training"));
      String title = training.findElement(By.tagName("h3")).getText();
      browser.screenshot("school-trainings");
      browser.assertAccessible("training search");
      browser.assertPageBasics();

      training.findElement(By.xpath(".//button[normalize-space()='Request a session…']")).click();
      training.findElement(By.cssSelector("form.booking-form button[type='submit']")).click();
      browser.awaitText("Bookings");
      browser.wait.until(d -> d.findElement(By.id("bookings")).getText().contains("Requested"));
      assertThat(browser.find(By.id("bookings")).getText()).contains(title);
    }
    JsonNode bookings = api.get("school-admin", "/api/v1/bookings?pageSize=10").get("bookings");
    assertThat(bookings.size()).isPositive();
    assertThat(bookings.get(0).get("status").asString()).isEqualTo("BOOKING_STATUS_REQUESTED");
  }

  @Test
  void aBusinessPostsAnOfferAndConfirmsAFaithGroupsClaim(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    String title = "Warehouse shifts " + UUID.randomUUID().toString().substring(0, 8);
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("business-admin");
      browser.nav("Offers & needs");
      WebElement form = browser.find(By.id("post-offer"));
      new org.openqa.selenium.support.ui.Select(form.findElement(By.name("kind"))).selectByVisibleText("Jobs");
      form.findElement(By.name("title")).sendKeys(title);
      WebElement quantity = form.findElement(By.name("quantity"));
      quantity.clear();
      quantity.sendKeys("3");
      // no unit: the API names the field and the message appears beside it
      browser.scrollTo(form);
      form.findElement(By.cssSelector("button[type='submit']")).click();
      browser.wait.until(d -> "true".equals(form.findElement(By.name("unit")).getAttribute("aria-invalid")));
      form.findElement(By.name("unit")).sendKeys("positions");
      form.findElement(By.cssSelector("button[type='submit']")).click();
      browser.wait.until(d -> d.findElement(By.id("offers")).getText().contains(title));
    }
    JsonNode offer = null;
    for (JsonNode o : api.get("business-admin", "/api/v1/offers?pageSize=100").get("offers")) {
      if (o.get("title").asString().equals(title)) {
        offer = o;
      }
    }
    assertThat(offer).as("the offer the browser posted").isNotNull();
    assertThat(offer.get("poster").asString()).isEqualTo(NORTHSIDE);
    api.post("church-admin", "/api/v1/offers/" + offer.get("id").asString() + ":claim", Map.of("quantity", 1));

    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("business-admin");
      browser.nav("Offers & needs");
      WebElement claim = browser.find(By.xpath("//li[contains(@class,'claim')][.//strong[normalize-space()="
          + Browser.xpathLiteral(title) + "]]"));
      assertThat(claim.getText()).contains("Grace Community Church", "Pending");
      browser.screenshot("exchange-offers-and-needs");
      browser.assertAccessible("offers and needs");
      claim.findElement(By.xpath(".//button[normalize-space()='Confirm claim']")).click();
      browser.wait.until(d -> d.findElement(By.xpath("//li[contains(@class,'claim')][.//strong[normalize-space()="
          + Browser.xpathLiteral(title) + "]]")).getText().contains("Confirmed"));
    }
  }

  @Test
  void aPartnerAdminEditsTheProfileAndSeesTheConfidentialAddress(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    String description = "Emergency and transitional shelter. Updated " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("shelter-admin");
      browser.nav("Our organisation");
      WebElement confidential = browser.field("Confidential address (others see the area only)");
      assertThat(confidential.isSelected()).as("the shelter's residence is confidential").isTrue();
      assertThat(browser.field("Street").getAttribute("value")).as("its own organisation sees the street")
          .contains("Harbor Street");
      browser.screenshot("partner-admin-profile");
      browser.assertAccessible("profile");
      browser.assertPageBasics();

      browser.type("Website", "not a web address");
      browser.click("Save the profile");
      browser.wait.until(d -> "true".equals(browser.field("Website").getAttribute("aria-invalid"))
          || !d.findElement(By.cssSelector(".form-error")).getText().isEmpty());

      browser.type("Website", "https://harbor-house-shelter.localhost");
      browser.type("Description", description);
      browser.click("Save the profile");
      browser.wait.until(d -> d.findElement(By.id("status")).getText().contains("Profile saved"));
    }
    assertThat(api.get("shelter-admin", "/api/v1/partners/" + CaseworkerJourneyIT.HARBOR_HOUSE).get("partner")
        .get("description").asString()).isEqualTo(description);
  }
}
