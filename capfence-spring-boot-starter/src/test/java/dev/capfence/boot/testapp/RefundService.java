package dev.capfence.boot.testapp;

import dev.capfence.boot.ActionParam;
import dev.capfence.boot.GatedAction;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class RefundService {

    private final AtomicInteger refunds = new AtomicInteger();

    // a method, not a field: callers hold the proxy, whose own fields are not the target's
    public AtomicInteger refunds() {
        return refunds;
    }

    @GatedAction(resource = "payments", action = "refund")
    @Transactional
    public String refund(@ActionParam(name = "order") String orderId, BigDecimal amount,
                         @ActionParam(exclude = true) String apiKey) {
        refunds.incrementAndGet();
        return "refunded " + orderId;
    }
}
