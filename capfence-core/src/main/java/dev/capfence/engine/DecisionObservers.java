package dev.capfence.engine;

import dev.capfence.event.ActionEvent;
import java.util.ArrayList;
import java.util.List;

/** Several observers as one: each is told in order, and one that fails never keeps the others from being told. */
final class DecisionObservers implements DecisionObserver {

    private static final System.Logger LOG = System.getLogger(DecisionObservers.class.getName());

    private final List<DecisionObserver> observers;

    private DecisionObservers(List<DecisionObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    /** Null for none, so the hot path pays nothing without observers. */
    static DecisionObserver of(List<DecisionObserver> observers) {
        return observers.isEmpty() ? null : new DecisionObservers(observers);
    }

    @Override
    public Scope start(ActionEvent event) {
        Scope first = null;
        List<Scope> more = null;
        for (DecisionObserver observer : observers) {
            Scope scope;
            try {
                scope = observer.start(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "decision observer failed for event " + event.id(), e);
                continue;
            }
            if (scope == null) {
                continue;
            }
            if (first == null) {
                first = scope;
            } else {
                if (more == null) {
                    more = new ArrayList<>();
                    more.add(first);
                }
                more.add(scope);
            }
        }
        if (more == null) {
            return first;
        }
        List<Scope> scopes = more;
        return (verdict, failure) -> {
            for (Scope scope : scopes) {
                try {
                    scope.stop(verdict, failure);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "decision observer failed", e);
                }
            }
        };
    }

    @Override
    public void decided(Verdict verdict) {
        for (DecisionObserver observer : observers) {
            try {
                observer.decided(verdict);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "decision observer failed for event " + verdict.eventId(), e);
            }
        }
    }
}
