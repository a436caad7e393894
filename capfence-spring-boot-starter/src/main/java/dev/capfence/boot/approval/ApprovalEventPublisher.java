package dev.capfence.boot.approval;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalObserver;
import org.springframework.context.ApplicationEventPublisher;

/** Turns the core's approval transitions into {@link ApprovalEvent}s. */
final class ApprovalEventPublisher implements ApprovalObserver {

    private final ApplicationEventPublisher publisher;

    ApprovalEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void changed(Approval approval) {
        publisher.publishEvent(new ApprovalEvent(this, approval));
    }
}
