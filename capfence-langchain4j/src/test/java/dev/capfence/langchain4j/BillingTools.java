package dev.capfence.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A refund tool whose refunds are kept, so a test sees each one that was really issued. */
public class BillingTools {

    final List<String> refunds = new CopyOnWriteArrayList<>();

    @Tool(name = "refund", value = "Refunds an amount on an order")
    public String refund(@P("the order") String order, @P("the amount") BigDecimal amount) {
        refunds.add(order + ":" + amount.toPlainString());
        return "refunded " + amount.toPlainString() + " on " + order;
    }
}
