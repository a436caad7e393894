package dev.capfence.boot.testapp;

import dev.capfence.boot.CapFenceActor;
import java.math.BigDecimal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class RefundController {

    private final RefundService refunds;

    public RefundController(RefundService refunds) {
        this.refunds = refunds;
    }

    @PostMapping("/refunds")
    public String refund(@RequestParam String order, @RequestParam BigDecimal amount) throws Exception {
        return CapFenceActor.runAs("web-agent", () -> refunds.refund(order, amount, "secret"));
    }
}
