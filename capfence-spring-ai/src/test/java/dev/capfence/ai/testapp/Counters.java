package dev.capfence.ai.testapp;

import java.util.concurrent.atomic.AtomicInteger;

/** How often each test tool's body ran. */
public class Counters {

    public final AtomicInteger writes = new AtomicInteger();
    public final AtomicInteger fn = new AtomicInteger();
    public final AtomicInteger provider = new AtomicInteger();
    public final AtomicInteger perRequest = new AtomicInteger();
    public final AtomicInteger refunds = new AtomicInteger();

    public void reset() {
        writes.set(0);
        fn.set(0);
        provider.set(0);
        perRequest.set(0);
        refunds.set(0);
    }
}
