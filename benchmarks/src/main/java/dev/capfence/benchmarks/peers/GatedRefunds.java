package dev.capfence.benchmarks.peers;

import dev.capfence.boot.GatedAction;

/** The refund tool as an application gates it with CapFence; the body does nothing, so the gate is measured. */
public class GatedRefunds {

    @GatedAction(capability = RefundPolicy.CAPABILITY)
    public String issue(int amount) {
        return "refunded";
    }
}
