package dev.capfence.boot.gate;

import dev.capfence.boot.DeferredResults;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** {@code CompletionStage} and {@code CompletableFuture}: done when the stage completes. */
public final class CompletionStageResults implements DeferredResults {

    @Override
    public boolean supports(Class<?> returnType) {
        return CompletionStage.class.isAssignableFrom(returnType);
    }

    @Override
    public Object whenDone(Object result, Consumer<Throwable> done) {
        CompletionStage<?> stage = (CompletionStage<?>) result;
        // The stage handed back completes after the outcome is recorded, so a caller that joins it sees the record.
        CompletionStage<?> recorded = stage.whenComplete((value, failure) -> done.accept(unwrap(failure)));
        if (recorded.getClass() == stage.getClass()) {
            return recorded;
        }
        return stage; // a stage type whose dependents are of another class: keep the caller's type
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
