package org.partnernet.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Coordinator: vetting registrations, the aggregate dashboard, HSDS import with per-record errors, export. */
@BrowserTest
class CoordinatorJourneyIT {

  @Test
  void approvesOneRegistrationAndSuspendsAnotherWithAReason(UiPlatform.Endpoints platform) {
    Api api = new Api(platform);
    api.allowGatewayRedirects();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String toApprove = "Eastbank Outreach " + suffix;
    String toSuspend = "Fly-by-night Agency " + suffix;
    for (String name : new String[] {toApprove, toSuspend}) {
      api.post("coordinator", "/api/v1/partners", Map.of("partner", Map.of("name", name, "kind", "PARTNER_KIND_NGO",
          "description", "Registered by a browser test.")));
    }
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("coordinator");
      browser.awaitText("registrations waiting");
      browser.screenshot("coordinator-home");
      browser.assertAccessible("coordinator home");

      browser.nav("Registrations");
      browser.awaitText(toApprove);
      browser.screenshot("coordinator-registrations");
      browser.assertAccessible("registrations");
      browser.assertPageBasics();

      browser.click("Approve " + toApprove);
      browser.wait.until(d -> !browser.mainText().contains(toApprove));

      WebElement card = cardOf(browser, toSuspend);
      card.findElement(By.xpath(".//button[normalize-space()='Suspend…']")).click();
      card.findElement(By.xpath(".//button[normalize-space()='Suspend " + toSuspend + "']")).click();
      // the API's BadRequest names `reason`: the message stands next to the reason box
      browser.wait.until(d -> card.findElement(By.cssSelector("textarea[aria-invalid='true']")) != null);
      WebElement reason = card.findElement(By.tagName("textarea"));
      assertThat(browser.driver().findElement(By.id(reason.getAttribute("id") + "-error")).getText()).contains("required");

      reason.sendKeys("Could not verify the organisation's registration documents.");
      card.findElement(By.xpath(".//button[normalize-space()='Suspend " + toSuspend + "']")).click();
      browser.wait.until(d -> !browser.mainText().contains(toSuspend));
    }
    assertThat(api.get("coordinator", "/api/v1/partners?status=PARTNER_STATUS_PENDING&pageSize=100").toString())
        .doesNotContain(toApprove).doesNotContain(toSuspend);
  }

  private static WebElement cardOf(Browser browser, String name) {
    return browser.find(By.xpath("//li[contains(@class,'card')][h3[normalize-space()=" + Browser.xpathLiteral(name) + "]]"));
  }

  @Test
  void theDashboardShowsReferralAggregatesAsChartsAndTables(UiPlatform.Endpoints platform) {
    new Api(platform).allowGatewayRedirects();
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("coordinator");
      browser.nav("Network dashboard");
      browser.awaitText("Referrals in total");

      assertThat(browser.mainText()).contains("Referrals by state", "Unmet needs by kind", "Capacity freshness");
      assertThat(browser.driver().findElements(By.cssSelector("svg.chart[role='img']"))).isNotEmpty();
      browser.screenshot("coordinator-dashboard");
      browser.assertAccessible("dashboard");
    }
  }

  @Test
  void importsAnHsdsFileListingEachSkippedRecordAndExportsTheDirectory(UiPlatform.Endpoints platform) throws Exception {
    new Api(platform).allowGatewayRedirects();
    String org = UUID.randomUUID().toString();
    Path file = Files.createTempFile("hsds-", ".json");
    Files.writeString(file, """
        {"organizations": [{"id": "%s", "name": "Westside Mutual Aid %s", "description": "Food and clothing."}],
         "services": [{"id": "%s", "organization_id": "%s", "name": "Orphan service", "status": "active"}]}
        """.formatted(org, org.substring(0, 8), UUID.randomUUID(), UUID.randomUUID()));
    try (Browser browser = new Browser(platform.gateway())) {
      browser.signIn("coordinator");
      browser.nav("HSDS import/export");
      browser.field("HSDS 3.0 JSON file").sendKeys(file.toString());
      browser.click("Import");
      browser.awaitText("Created 1");

      WebElement problems = browser.find(By.xpath("//table[caption[normalize-space()='Records with problems']]"));
      assertThat(problems.getText()).contains("service", "organization_id");
      browser.screenshot("coordinator-hsds");
      browser.assertAccessible("HSDS import");

      browser.click("Export the directory as HSDS");
      browser.awaitText("Download partnernet-hsds.json");
      assertThat(browser.mainText()).containsPattern("Exported [1-9][0-9]* organizations");
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
