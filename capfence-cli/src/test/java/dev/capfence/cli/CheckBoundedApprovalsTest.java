package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.json;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch keeps a bounded number of approvals: a repeat finds its pending approval while it is among the
 * {@link CheckCommand#APPROVALS_KEPT} most recent requests, and asks again once it has been forgotten.
 */
class CheckBoundedApprovalsTest {

    @TempDir
    Path dir;

    @Test
    void aRepeatFindsItsApprovalUntilNewerRequestsPushItOut() {
        Path policy = write(dir, "p.yaml", """
                require_approval:
                  - id: large
                    capability: payments.refund
                    amount_gt: 1000
                """);
        int kept = CheckCommand.APPROVALS_KEPT;
        StringBuilder events = new StringBuilder();
        for (int i = 0; i <= kept; i++) { // one more distinct request than the run keeps
            events.append(refund("r" + i, 2000 + i)).append('\n');
        }
        events.append(refund("again-newest", 2000 + kept)).append('\n'); // still kept
        events.append(refund("again-oldest", 2000)).append('\n');        // forgotten: asks again
        Path file = write(dir, "events.jsonl", events.toString());

        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--events", file.toString());

        assertThat(run.exit()).isZero();
        List<String> lines = run.lines();
        assertThat(lines).hasSize(kept + 3);
        String first = approvalId(lines.get(0));
        String newest = approvalId(lines.get(kept));
        assertThat(approvalId(lines.get(kept + 1))).isEqualTo(newest);
        assertThat(approvalId(lines.get(kept + 2))).isNotEqualTo(first).isNotNull();
        assertThat(json(lines.get(kept + 2))).containsEntry("decision", "require_approval");
    }

    private static String refund(String id, int amount) {
        return "{\"id\":\"" + id + "\",\"actor\":\"bot\",\"capability\":\"payments.refund\",\"payload\":{\"amount\":"
                + amount + "}}";
    }

    private static String approvalId(String verdict) {
        return (String) json(verdict).get("approval_id");
    }
}
