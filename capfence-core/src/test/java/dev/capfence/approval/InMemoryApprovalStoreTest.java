package dev.capfence.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory store's indexes answer as a scan of every approval would. */
class InMemoryApprovalStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private static Approval pending(String id, String digest, String actor, Instant at) {
        return new Approval(id, digest, actor, "payments.refund", null, ApprovalStatus.PENDING, at,
                at.plus(Duration.ofHours(1)), null, null, null, "{}");
    }

    @Test
    void aLivePendingApprovalOfTheSameActionIsReusedAndTheLatestIsFound() {
        InMemoryApprovalStore store = new InMemoryApprovalStore();
        Approval first = pending("a1", "d1", "bot", T0);
        assertThat(store.create(first, 0, T0)).isInstanceOf(ApprovalStore.CreateResult.Created.class);
        assertThat(store.create(pending("a2", "d1", "bot", T0.plusSeconds(1)), 0, T0.plusSeconds(1)))
                .isEqualTo(new ApprovalStore.CreateResult.Existing(first));

        // Rejected: the next request of the same action is a new approval, and the latest for the digest.
        Approval rejected = new Approval("a1", "d1", "bot", "payments.refund", null, ApprovalStatus.REJECTED, T0,
                first.expiresAt(), "alice", T0.plusSeconds(2), "no", "{}");
        assertThat(store.compareAndSet(ApprovalStatus.PENDING, rejected)).isTrue();
        assertThat(store.latestForDigest("d1")).contains(rejected);
        Approval again = pending("a3", "d1", "bot", T0.plusSeconds(3));
        assertThat(store.create(again, 0, T0.plusSeconds(3))).isInstanceOf(ApprovalStore.CreateResult.Created.class);
        assertThat(store.latestForDigest("d1")).contains(again);
        assertThat(store.latestForDigest("d2")).isEmpty();
    }

    @Test
    void maxPendingCountsLivePendingApprovalsOfTheActorOnly() {
        InMemoryApprovalStore store = new InMemoryApprovalStore();
        store.create(pending("a1", "d1", "bot", T0), 2, T0);
        store.create(pending("a2", "d2", "bot", T0), 2, T0);
        store.create(pending("b1", "d3", "other", T0), 2, T0);

        assertThat(store.create(pending("a3", "d4", "bot", T0), 2, T0))
                .isEqualTo(new ApprovalStore.CreateResult.LimitReached(2));
        // An hour later both have expired: they no longer count.
        Instant later = T0.plus(Duration.ofHours(1));
        assertThat(store.create(pending("a4", "d4", "bot", later), 2, later))
                .isInstanceOf(ApprovalStore.CreateResult.Created.class);
    }

    @Test
    void manyDistinctRequestsAreEachFoundByTheirDigest() {
        InMemoryApprovalStore store = new InMemoryApprovalStore();
        for (int i = 0; i < 200_000; i++) {
            store.create(pending("a" + i, "d" + i, "bot", T0), 0, T0);
        }
        assertThat(store.latestForDigest("d199999")).map(Approval::id).contains("a199999");
        assertThat(store.withStatus(ApprovalStatus.PENDING)).hasSize(200_000);
    }

    @Test
    void withACapacityTheOldestRequestedAreForgottenAndTheirActionsAskAgain() {
        InMemoryApprovalStore store = new InMemoryApprovalStore(3);
        for (int i = 1; i <= 5; i++) {
            store.create(pending("a" + i, "d" + i, "bot", T0.plusSeconds(i)), 0, T0.plusSeconds(i));
        }

        assertThat(store.withStatus(ApprovalStatus.PENDING)).extracting(Approval::id).containsExactly("a3", "a4", "a5");
        assertThat(store.get("a1")).isEmpty();
        assertThat(store.latestForDigest("d2")).isEmpty();
        assertThat(store.latestForDigest("d3")).map(Approval::id).contains("a3");
        // a forgotten action is requested again, under a new id; the one requested longest ago goes in its place
        assertThat(store.create(pending("a6", "d1", "bot", T0.plusSeconds(6)), 0, T0.plusSeconds(6)))
                .isInstanceOf(ApprovalStore.CreateResult.Created.class);
        assertThat(store.get("a3")).isEmpty();
    }

    @Test
    void forgettingAnOldDecidedApprovalKeepsTheNewerOneOfItsActionAsTheLatest() {
        InMemoryApprovalStore store = new InMemoryApprovalStore(2);
        store.create(pending("a1", "d1", "bot", T0), 0, T0);
        store.compareAndSet(ApprovalStatus.PENDING, new Approval("a1", "d1", "bot", "payments.refund", null,
                ApprovalStatus.REJECTED, T0, T0.plus(Duration.ofHours(1)), "alice", T0, "no", "{}"));
        Approval newer = pending("a2", "d1", "bot", T0.plusSeconds(1));
        store.create(newer, 0, T0.plusSeconds(1));
        store.create(pending("a3", "d3", "bot", T0.plusSeconds(2)), 0, T0.plusSeconds(2)); // forgets a1

        assertThat(store.get("a1")).isEmpty();
        assertThat(store.latestForDigest("d1")).contains(newer);
    }

    @Test
    void aForgottenPendingApprovalNoLongerCountsTowardsMaxPending() {
        InMemoryApprovalStore store = new InMemoryApprovalStore(2);
        store.create(pending("a1", "d1", "bot", T0), 2, T0);
        store.create(pending("a2", "d2", "bot", T0), 2, T0);
        assertThat(store.create(pending("a3", "d3", "bot", T0), 2, T0))
                .isEqualTo(new ApprovalStore.CreateResult.LimitReached(2));

        store.create(pending("b1", "d4", "other", T0), 2, T0); // forgets a1

        assertThat(store.create(pending("a4", "d5", "bot", T0), 2, T0))
                .isInstanceOf(ApprovalStore.CreateResult.Created.class);
    }

    @Test
    void aCapacityMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InMemoryApprovalStore(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
