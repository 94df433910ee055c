package org.partnernet.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * Schools (trainings, bookings, feedback and the programme's rating), trainers (answering requests), businesses, faith
 * groups and NGOs (offers, needs, matches, claims), partner admins (the profile).
 */
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
      new Select(form.findElement(By.name("kind"))).selectByVisibleText("Jobs");
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
  void anNgoPostsANeedSeesTheOffersThatFitAndClaimsFromThere(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    String title = "Hygiene kits for the support group " + UUID.randomUUID().toString().substring(0, 8);
    String needId;
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("ngo-admin");
      browser.nav("Offers & needs");
      WebElement form = browser.find(By.id("post-need"));
      new Select(form.findElement(By.name("kind"))).selectByVisibleText("Goods");
      form.findElement(By.name("title")).sendKeys(title);
      WebElement quantity = form.findElement(By.name("quantity"));
      quantity.clear();
      quantity.sendKeys("5");
      form.findElement(By.name("unit")).sendKeys("kits");
      new Select(form.findElement(By.name("area"))).selectByVisibleText("Riverton East");
      browser.scrollTo(form);
      form.findElement(By.cssSelector("button[type='submit']")).click();

      By ours = By.xpath("//ul[@id='needs']/li[.//h3[normalize-space()=" + Browser.xpathLiteral(title) + "]]");
      WebElement need = browser.find(ours);
      needId = need.getAttribute("data-id");
      WebElement see = need.findElement(By.xpath(".//button[normalize-space()='See matching offers']"));
      browser.scrollTo(see);
      see.click();
      // Grace Community Church's kits, a few km away, fit the need (same kind, overlapping dates)
      WebElement match = browser.find(By.xpath("//li[@data-id='" + needId + "']//li[contains(@class,'match')]"
          + "[.//strong[normalize-space()='Hygiene kits from our winter drive']]"));
      assertThat(browser.find(ours).getText()).containsPattern("\\d+ offers? fits?");
      assertThat(match.getText()).contains("Grace Community Church", "kits left", "km", "covers the whole need");
      WebElement claimed = match.findElement(By.name("quantity"));
      assertThat(claimed.getAttribute("value")).as("the claim starts at what the need lacks").isEqualTo("5");
      browser.screenshot("exchange-need-matches");
      browser.assertAccessible("matches of a need");
      browser.assertPageBasics();

      WebElement claim = match.findElement(By.cssSelector("form.claim-form button[type='submit']"));
      browser.scrollTo(claim);
      claim.click();
      browser.wait.until(d -> d.findElement(By.id("claims")).getText().contains("Hygiene kits from our winter drive"));
      assertThat(browser.find(By.id("claims")).getText()).contains("5 kits claimed by Bridgeway Advocates", "Pending");
    }
    JsonNode ours = null;
    for (JsonNode c : api.get("ngo-admin", "/api/v1/claims?pageSize=50").get("claims")) {
      if (c.has("need") && needId.equals(c.get("need").asString())) {
        ours = c;
      }
    }
    assertThat(ours).as("a claim made for the need it was matched to").isNotNull();
    assertThat(ours.get("quantity").asString()).isEqualTo("5");
    assertThat(ours.get("status").asString()).isEqualTo("CLAIM_STATUS_PENDING");
  }

  @Test
  void aTrainersOrganisationConfirmsOneRequestedSessionAndDeclinesAnother(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String training = Seeds.training(api, "Warning signs, evening edition " + UUID.randomUUID().toString().substring(0, 8));
    String confirmed = Seeds.booking(api, training, today.plusDays(7), today.plusDays(14));
    String declined = Seeds.booking(api, training, today.plusDays(3));
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("trainer");
      browser.nav("Trainings & bookings");
      WebElement request = browser.find(By.cssSelector("li.booking[data-booking='" + confirmed + "']"));
      assertThat(request.getText()).contains("Requested", "for Lincoln High School", "25 participants");
      browser.screenshot("trainer-booking-requests");
      browser.assertAccessible("booking requests");
      browser.assertPageBasics();
      new Select(request.findElement(By.name("date"))).selectByVisibleText(today.plusDays(14).toString());
      request.findElement(By.xpath(".//button[normalize-space()='Confirm this date']")).click();
      browser.wait.until(d -> d.findElement(By.cssSelector("li.booking[data-booking='" + confirmed + "']")).getText()
          .contains("Confirmed"));
      assertThat(browser.find(By.cssSelector("li.booking[data-booking='" + confirmed + "']")).getText())
          .contains("on " + today.plusDays(14));

      WebElement other = browser.find(By.cssSelector("li.booking[data-booking='" + declined + "']"));
      WebElement toggle = other.findElement(By.xpath(".//button[normalize-space()='Decline…']"));
      browser.scrollTo(toggle);
      toggle.click();
      other.findElement(By.name("reason")).sendKeys("no trainer free that week");
      other.findElement(By.xpath(".//button[normalize-space()='Decline the request']")).click();
      browser.wait.until(d -> d.findElement(By.cssSelector("li.booking[data-booking='" + declined + "']")).getText()
          .contains("declined: no trainer free that week"));
    }
    JsonNode first = api.get("school-admin", "/api/v1/bookings/" + confirmed).get("booking");
    assertThat(first.get("status").asString()).isEqualTo("BOOKING_STATUS_CONFIRMED");
    assertThat(first.get("confirmedDate").get("day").asInt()).isEqualTo(today.plusDays(14).getDayOfMonth());
    JsonNode second = api.get("school-admin", "/api/v1/bookings/" + declined).get("booking");
    assertThat(second.get("status").asString()).isEqualTo("BOOKING_STATUS_DECLINED");
    assertThat(second.get("declineReason").asString()).isEqualTo("no trainer free that week");
  }

  @Test
  void aSchoolLeavesFeedbackAfterTheSessionAndTheProgrammeShowsItsRating(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String title = "Spotting the signs, staff-room session " + UUID.randomUUID().toString().substring(0, 8);
    String training = Seeds.training(api, title);
    // a same-day session, held: feedback opens on the session day
    String booking = Seeds.booking(api, training, today);
    api.post("trainer", "/api/v1/bookings/" + booking + ":confirm", Map.of("date", Seeds.date(today)));
    By card = By.cssSelector("li.booking[data-booking='" + booking + "']");
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("school-admin");
      browser.nav("Trainings & bookings");
      WebElement held = browser.find(card);
      assertThat(held.getText()).contains(title, "Confirmed", "Feedback after the session");
      // no rating chosen: the API's violation appears next to the rating
      WebElement save = held.findElement(By.xpath(".//button[normalize-space()='Save feedback']"));
      browser.scrollTo(save);
      save.click();
      browser.wait.until(d -> "true".equals(d.findElement(card).findElement(By.name("rating")).getAttribute("aria-invalid")));
      WebElement rating = browser.find(card).findElement(By.name("rating"));
      assertThat(browser.driver().findElement(By.id(rating.getAttribute("id") + "-error")).getText()).contains("between 1 and 5");

      held = browser.find(card);
      held.findElement(By.name("attendance")).sendKeys("23");
      new Select(held.findElement(By.name("rating"))).selectByVisibleText("4");
      held.findElement(By.name("comment")).sendKeys("Clear and practical; the staff asked for a follow-up.");
      browser.screenshot("school-feedback");
      browser.assertAccessible("feedback after a session");
      held.findElement(By.xpath(".//button[normalize-space()='Save feedback']")).click();
      browser.wait.until(d -> d.findElement(card).getText().contains("Completed"));
      assertThat(browser.find(card).getText()).contains("feedback: 4/5, 23 attended", "Programme rated 4.0/5 by 1 school");

      // schools choosing a programme see the same aggregate
      browser.choose("Audience", "Teachers");
      browser.click("Find trainings");
      browser.awaitText("trainings found");
      WebElement found = browser.find(By.xpath("//li[contains(@class,'training')][.//h3[normalize-space()="
          + Browser.xpathLiteral(title) + "]]"));
      assertThat(found.getText()).contains("rated 4.0/5 by 1 school");
      browser.assertPageBasics();
    }
    JsonNode rated = api.get("school-admin", "/api/v1/trainings/" + training).get("training");
    assertThat(rated.get("ratingCount").asInt()).isEqualTo(1);
    assertThat(rated.get("averageRating").asDouble()).isEqualTo(4.0);
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
