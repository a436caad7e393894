package dev.capfence.boot.console;

import dev.capfence.boot.approval.ApprovalDecisions;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The approval inbox at {@code capfence.console.path}: {@code GET} the inbox (pending approvals, recent decisions
 * with filters, the audit chain), {@code GET approvals/{id}} one approval (the link notifications carry), and
 * {@code POST approvals/{id}} with {@code decision} and {@code note} to decide as the logged-in user. Plain HTML
 * forms: nothing needs JavaScript. Anonymous requests are refused whatever the application's security allows.
 */
@Controller
@RequestMapping("${capfence.console.path:/capfence}")
class ApprovalInboxController {

    /** Where Spring Security's CsrfFilter leaves the request's token (CsrfToken's parameter name). */
    static final String CSRF_ATTRIBUTE = "_csrf";

    private final InboxPages pages;
    private final ApprovalDecisions decisions;
    private final String path;

    ApprovalInboxController(InboxPages pages, ApprovalDecisions decisions, String path) {
        this.pages = pages;
        this.decisions = decisions;
        this.path = path;
    }

    @GetMapping
    ResponseEntity<String> inbox(HttpServletRequest request, @RequestParam Map<String, String> query) {
        Principal user = request.getUserPrincipal();
        if (user == null) {
            return unauthenticated(request);
        }
        return html(HttpStatus.OK, pages.inbox(context(request, user), query, null));
    }

    @GetMapping("/approvals/{id}")
    ResponseEntity<String> item(HttpServletRequest request, @PathVariable String id) {
        Principal user = request.getUserPrincipal();
        if (user == null) {
            return unauthenticated(request);
        }
        String page = pages.item(context(request, user), id);
        return html(page == null ? HttpStatus.NOT_FOUND : HttpStatus.OK, page == null
                ? pages.error(context(request, user), "No approval with id " + id + ".") : page);
    }

    @PostMapping("/approvals/{id}")
    ResponseEntity<String> decide(HttpServletRequest request, @PathVariable String id,
                                  @RequestParam(required = false) String decision,
                                  @RequestParam(required = false) String note) {
        Principal user = request.getUserPrincipal();
        if (user == null) {
            return unauthenticated(request);
        }
        InboxPages.Context context = context(request, user);
        if (request.getAttribute(CSRF_ATTRIBUTE) == null) {
            // the application's security has CSRF off for this path: a cross-site form could decide for the user
            return html(HttpStatus.FORBIDDEN, pages.error(context, "CSRF protection is off for " + path
                    + ": the inbox decides nothing until the application's security checks CSRF tokens here."));
        }
        ApprovalDecisions.Outcome outcome = decisions.decide(id, decision, user, note);
        if (outcome instanceof ApprovalDecisions.Outcome.Decided d) {
            // Post/redirect/get: a reload does not post the decision again
            URI to = URI.create(request.getContextPath() + path + "?decided="
                    + URLEncoder.encode(d.approval().id(), StandardCharsets.UTF_8));
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(to).build();
        }
        ApprovalDecisions.Outcome.Refused r = (ApprovalDecisions.Outcome.Refused) outcome;
        HttpStatus status = switch (r.kind()) {
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case UNKNOWN -> HttpStatus.NOT_FOUND;
            case NOT_AN_APPROVER -> HttpStatus.FORBIDDEN;
            case NOT_PENDING -> HttpStatus.CONFLICT;
        };
        return html(status, pages.error(context, r.why()));
    }

    private InboxPages.Context context(HttpServletRequest request, Principal user) {
        Map<String, String> csrf = null;
        if (request.getAttribute(CSRF_ATTRIBUTE) instanceof CsrfToken token) {
            csrf = Map.of("parameterName", token.getParameterName(), "token", token.getToken());
        }
        return new InboxPages.Context(user, request.getContextPath() + path, csrf);
    }

    private static ResponseEntity<String> unauthenticated(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.TEXT_PLAIN)
                .body("Log in to see the CapFence approval inbox.\n");
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store")
                .body(body);
    }
}
