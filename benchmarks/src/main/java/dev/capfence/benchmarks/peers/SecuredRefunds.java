package dev.capfence.benchmarks.peers;

import org.springframework.security.access.prepost.PreAuthorize;

/** The refund tool as an application secures it with Spring Security; the same policy as {@link RefundPolicy}. */
public class SecuredRefunds {

    @PreAuthorize("hasRole('AGENT') and #amount <= 1000")
    public String issue(int amount) {
        return "refunded";
    }
}
