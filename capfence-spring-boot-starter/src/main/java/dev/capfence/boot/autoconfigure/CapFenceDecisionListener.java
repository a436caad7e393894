package dev.capfence.boot.autoconfigure;

import dev.capfence.engine.Verdict;
import java.util.function.Consumer;

/**
 * A bean of this type observes every verdict the auto-configured runtime records (it is passed to
 * {@code ActionRuntime.Builder.onDecision}). Its own type so that a plain {@code Consumer} bean is never picked up.
 */
@FunctionalInterface
public interface CapFenceDecisionListener extends Consumer<Verdict> {
}
