package dev.capfence.demo.console;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The approval inbox in headless Chromium (Debian's chromium and chromium-driver): a person logs in, sees the refund
 * a chat asked for, approves it with a note, and the next identical call books exactly one ledger row; the requester
 * and a non-approver see no button and are refused when they post anyway; the webhook gets the signed event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalInboxBrowserTest {

    private static final String SECRET = "inbox-test-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    private static final List<Map.Entry<String, byte[]>> HOOKS = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static Path auditDir;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WebDriver browser;
    private ChromeDriverService service;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        auditDir = Files.createTempDirectory("inbox-browser-audit-");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HOOKS.add(Map.entry(String.valueOf(exchange.getRequestHeaders().getFirst("X-CapFence-Signature")), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        registry.add("demo.audit-dir", auditDir::toString);
        registry.add("demo.scenarios", () -> "false");
        registry.add("capfence.approvals.webhook.url",
                () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        registry.add("capfence.approvals.webhook.secret", () -> SECRET);
        registry.add("capfence.console.base-url", () -> "http://inbox.example");
    }

    @BeforeAll
    void browser() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "headless Chromium is not installed (apt-get install -y chromium chromium-driver): browser tests skip");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.manage().window().setSize(new Dimension(1280, 1100));
    }

    @AfterAll
    void close() {
        if (browser != null) {
            // chromedriver sometimes waits on its browser forever when quitting: give it a few seconds, then end it
            Thread quit = new Thread(browser::quit, "quit-browser");
            quit.setDaemon(true);
            quit.start();
            try {
                quit.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            service.stop();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void approverApprovesInTheBrowserAndTheRefundRunsOnce() throws Exception {
        String refund = "refund 5000 to browser-customer";
        JsonNode pending = onlyCall(chat(refund, null));
        assertThat(pending.get("decision").asString()).isEqualTo("require_approval");
        String id = pending.get("approval_id").asString();

        logIn("alice");
        WebElement item = browser.findElement(By.id("approval-" + id));
        assertThat(item.findElement(By.className("actor")).getText()).isEqualTo("agent");
        assertThat(item.getText()).contains("refund.issue");
        assertThat(item.findElement(By.className("rule")).getText()).isEqualTo("large-refund");
        assertThat(item.findElement(By.className("reason")).getText())
                .isEqualTo("Refunds over 1,000 need a person's approval");
        assertThat(item.findElement(By.className("payload")).getText()).contains("browser-customer").contains("5000");
        assertThat(item.findElement(By.className("left")).getText()).contains("left");
        assertThat(browser.findElement(By.id("chain-intact")).getText()).isEqualTo("intact");
        screenshot();

        item.findElement(By.name("note")).sendKeys("checked with the customer");
        item.findElement(By.cssSelector("button.approve")).click();

        assertThat(browser.findElement(By.id("message")).getText())
                .isEqualTo("Approval " + id + " approved by alice.");
        assertThat(browser.findElements(By.id("approval-" + id))).as("no longer pending").isEmpty();
        assertThat(rowsOf("browser-customer")).isZero();

        JsonNode runs = onlyCall(chat(refund, null));
        assertThat(runs.get("decision").asString()).isEqualTo("allow");
        assertThat(runs.get("approval_id").asString()).isEqualTo(id);
        assertThat(rowsOf("browser-customer")).isEqualTo(1);
        assertThat(onlyCall(chat(refund, null)).get("decision").asString()).isEqualTo("require_approval");
        assertThat(rowsOf("browser-customer")).isEqualTo(1);

        // recent records, filtered as capfence logs filters them
        browser.get(base() + "/capfence?actor=agent&decision=require_approval&capability=refund.*");
        List<WebElement> records = browser.findElements(By.cssSelector("#decisions tr.record"));
        assertThat(records).isNotEmpty().allSatisfy(r -> {
            assertThat(r.findElement(By.className("what")).getText()).isEqualTo("require_approval");
            assertThat(r.getText()).contains("agent").contains("refund.issue");
        });
        browser.get(base() + "/capfence?actor=agent");
        assertThat(browser.findElements(By.cssSelector("#decisions tr.record")))
                .anySatisfy(r -> assertThat(r.getText()).contains("approved").contains("alice").contains(id));
        browser.get(base() + "/capfence?decision=maybe");
        assertThat(browser.findElement(By.cssSelector("#decisions .error")).getText())
                .contains("'maybe' is not a decision");

        // the webhook: signed with the secret, a link to the inbox item, a Slack text naming the approver and note
        Map.Entry<String, byte[]> hook = awaitHook("approval.approved", id);
        assertThat(hook.getKey()).isEqualTo("sha256=" + hmac(hook.getValue()));
        JsonNode body = JSON.readTree(hook.getValue());
        assertThat(body.get("url").asString()).isEqualTo("http://inbox.example/capfence/approvals/" + id);
        assertThat(body.get("text").asString()).contains("approved by alice").contains("checked with the customer");
        assertThat(body.get("approval").get("status").asString()).isEqualTo("approved");
        assertThat(awaitHook("approval.requested", id).getKey()).isEqualTo("sha256=" + hmac(awaitHook(
                "approval.requested", id).getValue()));
    }

    @Test
    void theRequesterAndANonApproverGetNoButtonAndTheirPostIsRefused() throws Exception {
        // alice asks for a refund herself: she is its requester
        String own = onlyCall(chat("refund 7000 to own-customer", "alice")).get("approval_id").asString();
        String other = onlyCall(chat("refund 6000 to other-customer", null)).get("approval_id").asString();

        logIn("alice");
        WebElement mine = browser.findElement(By.id("approval-" + own));
        assertThat(mine.findElements(By.cssSelector("button.approve"))).isEmpty();
        assertThat(mine.findElement(By.className("cannot")).getText()).contains("cannot decide it");
        assertThat(post(own, "approve").statusCode()).isEqualTo(403);

        logIn("mallory");
        WebElement seen = browser.findElement(By.id("approval-" + other));
        assertThat(seen.findElements(By.cssSelector("button.approve"))).isEmpty();
        assertThat(seen.findElement(By.className("cannot")).getText()).contains("mallory is not an approver");
        HttpResponse<String> refused = post(other, "approve");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("mallory is not an approver");

        browser.get(base() + "/capfence");
        assertThat(browser.findElement(By.id("approval-" + own)).getAttribute("data-status")).isEqualTo("pending");
        assertThat(browser.findElement(By.id("approval-" + other)).getAttribute("data-status")).isEqualTo("pending");
        assertThat(onlyCall(chat("refund 6000 to other-customer", null)).get("decision").asString())
                .isEqualTo("require_approval");
        assertThat(rowsOf("other-customer")).isZero();
    }

    @Test
    void withoutTheCsrfTokenAPostIsRefused() throws Exception {
        String id = onlyCall(chat("refund 8000 to csrf-customer", null)).get("approval_id").asString();
        logIn("alice");
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base() + "/capfence/approvals/" + id))
                .header("Cookie", sessionCookie())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("decision=approve")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        browser.get(base() + "/capfence/approvals/" + id);
        assertThat(browser.findElement(By.id("approval-" + id)).getAttribute("data-status")).isEqualTo("pending");
    }

    private void logIn(String user) {
        browser.manage().deleteAllCookies();
        browser.get(base() + "/capfence");
        assertThat(browser.getCurrentUrl()).contains("/login");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(user);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(browser.findElement(By.id("user")).getText()).isEqualTo(user);
    }

    /** A decision posted as the logged-in browser user would, with the page's CSRF token. */
    private HttpResponse<String> post(String id, String decision) throws Exception {
        browser.get(base() + "/capfence");
        String parameter = browser.findElement(By.cssSelector("meta[name=_csrf_parameter]")).getAttribute("content");
        String token = browser.findElement(By.cssSelector("meta[name=_csrf]")).getAttribute("content");
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/capfence/approvals/" + id))
                .header("Cookie", sessionCookie())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(parameter + "=" + token + "&decision=" + decision
                        + "&note=forged")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String sessionCookie() {
        Cookie c = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(c).as("a session").isNotNull();
        return "JSESSIONID=" + c.getValue();
    }

    private void screenshot() throws IOException {
        Path target = Path.of("target", "approval-inbox.png");
        Files.createDirectories(target.getParent());
        Files.write(target, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private Map.Entry<String, byte[]> awaitHook(String event, String id) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .alias("a " + event + " webhook for " + id)
                .until(() -> HOOKS.stream().filter(h -> {
                    JsonNode body = JSON.readTree(h.getValue());
                    return body.get("event").asString().equals(event)
                            && body.get("approval").get("id").asString().equals(id);
                }).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private JsonNode chat(String message, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/agent/chat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("message", message))));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode onlyCall(JsonNode reply) {
        assertThat(reply.get("tool_calls")).as(reply.toString()).hasSize(1);
        return reply.get("tool_calls").get(0);
    }

    private int rowsOf(String customer) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/ledger")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        int n = 0;
        for (JsonNode row : JSON.readTree(r.body())) {
            if (row.get("customer").asString().equals(customer)) {
                n++;
            }
        }
        return n;
    }
}
