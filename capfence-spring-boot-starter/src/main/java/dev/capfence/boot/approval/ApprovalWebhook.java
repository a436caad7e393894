package dev.capfence.boot.approval;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalJson;
import dev.capfence.approval.ApprovalStatus;
import dev.capfence.audit.Redaction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs each approval transition (requested, approved, rejected, expired) as JSON to
 * {@code capfence.approvals.webhook.url}: the approval as {@link ApprovalJson} shows it (payload redacted), a link to
 * its inbox item, and a Slack-compatible {@code text}. Signed with HMAC-SHA256 over the body bytes in
 * {@value #SIGNATURE_HEADER} ({@code sha256=<hex>}) when a secret is set. Sent from its own thread, retried with
 * doubling backoff a bounded number of times; a webhook that fails is logged and never touches a decision.
 */
final class ApprovalWebhook implements ApplicationListener<ApprovalEvent>, DisposableBean {

    static final String SIGNATURE_HEADER = "X-CapFence-Signature";
    static final String EVENT_HEADER = "X-CapFence-Event";
    private static final Log LOG = LogFactory.getLog(ApprovalWebhook.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Deliveries waiting beyond this are dropped (and logged): a dead receiver must not grow memory without end. */
    private static final int MAX_QUEUED = 1000;

    private final URI url;
    private final byte @Nullable [] secret;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration timeout;
    private final String inboxUrl;
    private final Redaction redaction;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor sender;

    ApprovalWebhook(URI url, @Nullable String secret, int maxAttempts, Duration backoff, Duration timeout,
                    String inboxUrl, Redaction redaction) {
        this.url = url;
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.timeout = timeout;
        this.inboxUrl = inboxUrl;
        this.redaction = redaction;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.sender = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "capfence-approval-webhook");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void onApplicationEvent(ApprovalEvent event) {
        if (event.approval().status() == ApprovalStatus.CONSUMED) {
            return; // the run itself is in the audit; nobody needs to act on it
        }
        if (sender.getQueue().size() >= MAX_QUEUED) {
            LOG.warn("CapFence approval webhook: " + MAX_QUEUED + " deliveries waiting; dropped the "
                    + event.transition() + " notice for approval " + event.approval().id());
            return;
        }
        byte[] body = body(event);
        sender.execute(() -> attempt(event, body, 1));
    }

    byte[] body(ApprovalEvent event) {
        Approval a = event.approval();
        String link = inboxUrl + "/approvals/" + a.id();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", "approval." + event.transition());
        out.put("text", text(event, link));
        out.put("url", link);
        out.put("approval", ApprovalJson.toMap(a, redaction));
        return JSON.writeValueAsBytes(out);
    }

    // Slack's mrkdwn link form <url|label>; other receivers read it as plain text.
    private static String text(ApprovalEvent event, String link) {
        Approval a = event.approval();
        String what = a.capability() + " by " + a.actor();
        return switch (event.transition()) {
            case "requested" -> "Approval requested: " + what + " <" + link + "|review>";
            case "approved", "rejected" -> "Approval " + event.transition() + " by " + a.decidedBy() + ": " + what
                    + (a.note() == null ? "" : " (" + a.note() + ")") + " <" + link + "|details>";
            default -> "Approval " + event.transition() + ": " + what + " <" + link + "|details>";
        };
    }

    private void attempt(ApprovalEvent event, byte[] body, int attempt) {
        String problem;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header(EVENT_HEADER, "approval." + event.transition())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (secret != null) {
                request.header(SIGNATURE_HEADER, "sha256=" + sign(secret, body));
            }
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                return;
            }
            problem = "HTTP " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            problem = e.toString();
        }
        if (attempt >= maxAttempts || sender.isShutdown()) {
            LOG.warn("CapFence approval webhook gave up on the " + event.transition() + " notice for approval "
                    + event.approval().id() + " after " + attempt + " attempt(s): " + problem);
            return;
        }
        long delay = backoff.toMillis() << Math.min(attempt - 1, 16);
        sender.schedule(() -> attempt(event, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} under {@code secret}: what a receiver recomputes to check. */
    static String sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public void destroy() {
        sender.shutdownNow();
    }
}
