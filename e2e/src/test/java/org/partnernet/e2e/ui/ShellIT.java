package org.partnernet.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/** What every journey stands on: the real login, the role-dependent navigation, Quick exit, a phone screen. */
@BrowserTest
class ShellIT {

  @Test
  void signingInThroughKeycloakShowsTheJourneysOfTheUsersRoles(UiPlatform.Endpoints platform) {
    new Api(platform).allowGatewayRedirects();
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("coordinator");

      assertThat(browser.driver().findElement(By.id("nav")).getText())
          .contains("Registrations", "Network dashboard", "HSDS import/export")
          .doesNotContain("Referral inbox", "Find services");
      assertThat(browser.driver().findElement(By.id("account-label")).getText()).contains("coordinator");
      browser.assertPageBasics();
    }
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("intake");

      assertThat(browser.driver().findElement(By.id("nav")).getText()).contains("Referral inbox")
          .doesNotContain("Registrations", "Find services");
      assertThat(browser.driver().findElement(By.id("account-label")).getText()).contains("intake", "Harbor House Shelter");
    }
  }

  @Test
  void signingOutEndsTheSessionSoTheNextVisitAsksForTheLoginAgain(UiPlatform.Endpoints platform) {
    new Api(platform).allowGatewayRedirects();
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("caseworker");

      browser.driver().findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
      try {
        browser.wait.until(d -> !d.getCurrentUrl().startsWith(platform.gateway().toString())
            || !d.findElements(By.id("username")).isEmpty());
      } catch (org.openqa.selenium.TimeoutException e) {
        throw new AssertionError("signing out went nowhere; the browser shows " + browser.driver().getCurrentUrl()
            + ":\n" + browser.driver().findElement(By.tagName("body")).getText(), e);
      }

      browser.driver().get(platform.gateway().resolve("/").toString());
      browser.wait.until(d -> !d.findElements(By.id("username")).isEmpty());
      assertThat(browser.driver().getCurrentUrl()).contains("/realms/partnernet/");
    }
  }

  @Test
  void quickExitLeavesForANeutralPageAndReplacesTheHistoryEntry(UiPlatform.Endpoints platform) {
    new Api(platform).allowGatewayRedirects();
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("caseworker");
      Long before = (Long) browser.script("return history.length");

      browser.driver().findElement(By.id("quick-exit")).click();

      browser.wait.until(d -> d.getCurrentUrl().endsWith("/neutral.html"));
      assertThat(browser.driver().getTitle()).isEqualTo("New tab");
      assertThat(browser.driver().getPageSource()).doesNotContain("PartnerNet");
      assertThat((Long) browser.script("return history.length")).as("replaced, not pushed").isEqualTo(before);
    }
  }

  @Test
  void theCaseworkerSearchWorksOnAPhoneScreen(UiPlatform.Endpoints platform) {
    new Api(platform).allowGatewayRedirects();
    try (Browser browser = new Browser(platform.gateway(), new Dimension(390, 844))) {
      browser.signIn("caseworker");
      browser.nav("Find services");
      browser.type("What is needed", "bed");
      browser.click("Search");
      browser.awaitText("services found");

      assertThat((Boolean) browser.script(
          "return document.documentElement.scrollWidth <= window.innerWidth + 1"))
          .as("no sideways scrolling on a 390 px wide screen").isTrue();
      assertThat(browser.driver().findElement(By.id("quick-exit")).isDisplayed()).isTrue();
      browser.screenshot("phone-caseworker-search");
      browser.assertAccessible("search on a phone");
    }
  }
}
