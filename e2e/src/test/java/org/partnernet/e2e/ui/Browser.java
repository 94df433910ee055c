package org.partnernet.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through /usr/bin/chromedriver, one fresh profile per browser (nothing carried between
 * tests), signed in through the gateway's real OIDC login on Keycloak's own pages.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of(System.getProperty("partnernet.ui.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("partnernet.ui.chromedriver", "/usr/bin/chromedriver"));
  // generous: CI and shared machines run the whole platform on 2 cores next to the browser
  static final Duration WAIT = Duration.ofSeconds(Long.getLong("partnernet.ui.waitSeconds", 45));

  private final WebDriver driver;
  private final Path profile;
  private final URI gateway;
  final WebDriverWait wait;

  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: " + CHROMIUM + " and " + CHROMEDRIVER
            + " are needed (apt-get install -y chromium chromium-driver; .ci/run installs them)");
  }

  Browser(URI gateway) {
    this(gateway, new Dimension(1280, 900));
  }

  Browser(URI gateway, Dimension window) {
    this.gateway = gateway;
    try {
      profile = Files.createTempDirectory("partnernet-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // the tests wait for what they need themselves; DOMContentLoaded is enough to start
    options.setPageLoadStrategy(org.openqa.selenium.PageLoadStrategy.EAGER);
    // the flags this machine needs (no sandbox as root, no background calls to outside hosts the network refuses)
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--lang=en-GB",
        "--window-size=" + window.getWidth() + "," + window.getHeight());
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
    wait = new WebDriverWait(driver, WAIT);
    // views re-render in place after each action: an element read mid-swap is simply read again
    wait.ignoring(StaleElementReferenceException.class);
  }

  WebDriver driver() {
    return driver;
  }

  /** Opens the UI, which sends the browser to Keycloak; types the demo user's credentials on Keycloak's pages. */
  Browser signIn(String username) {
    driver.get(gateway.resolve("/").toString());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    assertThat(driver.getCurrentUrl()).as("the login happens on Keycloak").contains("/realms/partnernet/");
    driver.findElement(By.id("username")).sendKeys(username);
    if (driver.findElements(By.id("password")).isEmpty()) {
      // Keycloak Organizations: the username and the password are asked on two pages
      driver.findElement(By.id("kc-login")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
    }
    driver.findElement(By.id("password")).sendKeys("demo");
    driver.findElement(By.id("kc-login")).click();
    wait.until(d -> d.getCurrentUrl().startsWith(gateway.toString()));
    try {
      wait.until(d -> !d.findElements(By.id("quick-exit")).isEmpty());
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("after the login the gateway at " + gateway + " did not serve the web UI (is the web-ui jar"
          + " on the gateway's classpath? rebuild gateway.jar); the browser shows " + driver.getCurrentUrl() + ":\n"
          + driver.findElement(By.tagName("body")).getText(), e);
    }
    // the shell has worked out the journeys once the account line shows
    try {
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account")));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("the web UI did not finish signing in " + username + ":\n"
          + driver.findElement(By.tagName("main")).getText(), e);
    }
    awaitView();
    return this;
  }

  /**
   * Self-registration on Keycloak's own pages (the realm allows it): a person with an account and no organisation,
   * back in the web UI once Keycloak signs them in.
   */
  Browser signUp(String username) {
    driver.get(gateway.resolve("/").toString());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    driver.findElement(By.xpath("//a[contains(@href, '/login-actions/registration')]")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password-confirm")));
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("email")).sendKeys(username + "@example.org");
    driver.findElement(By.id("firstName")).sendKeys("New");
    driver.findElement(By.id("lastName")).sendKeys("Comer");
    driver.findElement(By.id("password")).sendKeys("demo-" + username);
    driver.findElement(By.id("password-confirm")).sendKeys("demo-" + username);
    driver.findElement(By.cssSelector("form#kc-register-form [type=submit]")).click();
    wait.until(d -> d.getCurrentUrl().startsWith(gateway.toString()));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account")));
    awaitView();
    return this;
  }

  /** Waits until the current view has replaced the loading line. */
  void awaitView() {
    wait.until(d -> d.findElements(By.cssSelector("main > .loading")).isEmpty()
        && !d.findElements(By.cssSelector("main h1")).isEmpty());
  }

  void nav(String label) {
    driver.findElement(By.xpath("//nav//button[normalize-space()='" + label + "']")).click();
    wait.until(d -> "page".equals(d.findElement(By.xpath("//nav//button[normalize-space()='" + label + "']"))
        .getAttribute("aria-current")));
    awaitView();
  }

  WebElement find(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  WebElement button(String text) {
    return find(By.xpath("//main//button[normalize-space()=" + xpathLiteral(text) + "]"));
  }

  void click(String buttonText) {
    WebElement b = button(buttonText);
    scrollTo(b);
    b.click();
  }

  /** The control a visible label names (labels are tied to controls by for/id, which is what this checks too). */
  WebElement field(String label) {
    WebElement l = find(By.xpath("//main//label[normalize-space()=" + xpathLiteral(label) + "]"));
    return driver.findElement(By.id(l.getAttribute("for")));
  }

  void type(String label, String text) {
    WebElement f = field(label);
    scrollTo(f);
    f.clear();
    f.sendKeys(text);
  }

  void choose(String label, String visibleText) {
    new Select(field(label)).selectByVisibleText(visibleText);
  }

  void check(String label) {
    WebElement box = field(label);
    scrollTo(box);
    if (!box.isSelected()) {
      box.click();
    }
  }

  void awaitText(String text) {
    try {
      wait.until(d -> d.findElement(By.tagName("main")).getText().contains(text));
    } catch (org.openqa.selenium.TimeoutException e) {
      Path shot = screenshot("failed-" + System.currentTimeMillis());
      throw new AssertionError("\"" + text + "\" did not appear within " + WAIT.toSeconds() + " s (screenshot " + shot
          + "); the page shows:\n" + mainText(), e);
    }
  }

  String mainText() {
    return driver.findElement(By.tagName("main")).getText();
  }

  /** The error shown next to a labelled control (its aria-describedby error element). */
  String errorNextTo(String label) {
    WebElement f = field(label);
    WebElement error = driver.findElement(By.id(f.getAttribute("id") + "-error"));
    wait.until(d -> error.isDisplayed());
    assertThat(f.getAttribute("aria-invalid")).as("the control is marked invalid").isEqualTo("true");
    return error.getText();
  }

  void scrollTo(WebElement element) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** A full-page screenshot under target/screenshots/ (the journey's evidence, kept as a CI artifact). */
  Path screenshot(String name) {
    try {
      Path dir = Files.createDirectories(Path.of(System.getProperty("partnernet.e2e.dir", "target"), "screenshots"));
      Number height = (Number) script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
      Dimension before = driver.manage().window().getSize();
      driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(6000, Math.max(before.getHeight(),
          height.intValue() + 140))));
      Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      driver.manage().window().setSize(before);
      Path target = dir.resolve(name + ".png");
      Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** axe-core over the current page (WCAG 2.0/2.1 A and AA rules): no serious or critical violation allowed. */
  void assertAccessible(String page) {
    Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver);
    List<Rule> bad = results.getViolations().stream()
        .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
        .toList();
    assertThat(results.getPasses()).as("axe ran its checks on " + page).isNotEmpty();
    assertThat(bad).as(() -> page + " has serious/critical accessibility violations:\n" + bad.stream()
        .map(v -> "  " + v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " at "
            + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).limit(5).collect(Collectors.joining(", ")))
        .collect(Collectors.joining("\n"))).isEmpty();
  }

  /** The things every page must have: landmarks, a quick exit, no personal data or ids in the URL or title. */
  void assertPageBasics() {
    assertThat(driver.findElements(By.cssSelector("header.banner"))).hasSize(1);
    assertThat(driver.findElements(By.cssSelector("main#main"))).hasSize(1);
    assertThat(driver.findElements(By.cssSelector("nav[aria-label]"))).hasSize(1);
    assertThat(driver.findElement(By.id("quick-exit")).isDisplayed()).as("Quick exit visible").isTrue();
    assertThat(driver.getCurrentUrl()).as("the URL carries no view state, ids or search terms")
        .isEqualTo(gateway.resolve("/").toString());
    assertThat(driver.getTitle()).endsWith("PartnerNet").doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}");
    assertThat((Long) script("return window.localStorage.length + window.sessionStorage.length"))
        .as("nothing in browser storage").isZero();
  }

  static String xpathLiteral(String text) {
    if (!text.contains("'")) {
      return "'" + text + "'";
    }
    return "concat('" + text.replace("'", "', \"'\", '") + "')";
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> walk = Files.walk(profile)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp directory
      }
    }
  }
}
