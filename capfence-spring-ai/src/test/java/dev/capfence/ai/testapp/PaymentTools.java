package dev.capfence.ai.testapp;

import dev.capfence.boot.GatedAction;
import java.math.BigDecimal;
import org.springframework.ai.tool.annotation.Tool;

/** A bean whose tool method is also a {@code @GatedAction}: decided once, as its annotation says. */
public class PaymentTools {

    private final Counters counters;

    public PaymentTools(Counters counters) {
        this.counters = counters;
    }

    @Tool(description = "Refunds an order")
    @GatedAction(capability = "payments.refund")
    public String refund(String order, BigDecimal amount) {
        counters.refunds.incrementAndGet();
        return "refunded " + order;
    }
}
