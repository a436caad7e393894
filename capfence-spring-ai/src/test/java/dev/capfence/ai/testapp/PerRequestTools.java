package dev.capfence.ai.testapp;

import java.math.BigDecimal;
import org.springframework.ai.tool.annotation.Tool;

/** A plain object passed per request with {@code .tools(new PerRequestTools(..))}: never a bean. */
public class PerRequestTools {

    private final Counters counters;

    public PerRequestTools(Counters counters) {
        this.counters = counters;
    }

    @Tool(description = "Transfers money")
    public String transfer(String to, BigDecimal amount) {
        counters.perRequest.incrementAndGet();
        return "sent " + amount + " to " + to;
    }
}
