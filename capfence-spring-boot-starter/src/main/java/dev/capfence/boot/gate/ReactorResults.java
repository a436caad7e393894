package dev.capfence.boot.gate;

import dev.capfence.boot.DeferredResults;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reactor's {@code Mono} and {@code Flux}: done when the stream completes, fails or is cancelled. One decision lets
 * the work run once: a second subscription gets an error instead of running the work again.
 */
public final class ReactorResults implements DeferredResults {

    @Override
    public boolean supports(Class<?> returnType) {
        return Mono.class.isAssignableFrom(returnType) || Flux.class.isAssignableFrom(returnType);
    }

    @Override
    public Object whenDone(Object result, Consumer<Throwable> done) {
        AtomicBoolean subscribed = new AtomicBoolean();
        if (result instanceof Mono<?> mono) {
            return Mono.defer(() -> once(subscribed, mono))
                    .doOnSuccess(value -> done.accept(null))
                    .doOnError(done)
                    .doOnCancel(() -> done.accept(new CancellationException("cancelled")));
        }
        Flux<?> flux = (Flux<?>) result;
        return Flux.defer(() -> once(subscribed, flux))
                .doOnComplete(() -> done.accept(null))
                .doOnError(done)
                .doOnCancel(() -> done.accept(new CancellationException("cancelled")));
    }

    private static <P extends Publisher<?>> P once(AtomicBoolean subscribed, P source) {
        if (!subscribed.compareAndSet(false, true)) {
            throw new IllegalStateException("CapFence: this gated call was decided for one run and has run already; "
                    + "call the method again for a new decision");
        }
        return source;
    }
}
